import { sql } from 'drizzle-orm';

/**
 * The default of new rows' ids: a time-ordered UUID (version 7), made by `pactum_uuid7()` (migration
 * 0034), so that inserts land at the right-hand edge of the key's B-tree instead of on a random page.
 */
export const uuid7 = sql`pactum_uuid7()`;
