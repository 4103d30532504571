import { getDb } from '@/db/client';
import { dispatch } from '@/lib/api/router';
import { API_ROUTES } from '@/lib/api/routes';

/*
 * /api/v1: one catch-all handler over the route registry in lib/api, so every endpoint is served and
 * documented (/api/v1/openapi.json) from the same list. Each route is a thin adapter over a lib/ service.
 */
export const dynamic = 'force-dynamic';

const handle = (request: Request) => dispatch(getDb(), API_ROUTES, request);

export { handle as DELETE, handle as GET, handle as PATCH, handle as POST, handle as PUT };
