import { type NextRequest, NextResponse } from 'next/server';
import { newNonce, securityHeaders, servedOverHttps } from '@/lib/security/headers';

/*
 * Runs before every page, API and next-auth request (not Next's static assets):
 * - security headers on the answer, and for pages a CSP nonce (lib/security/headers.ts) passed to the
 *   rendering through the request headers (Next.js reads it from content-security-policy, the root
 *   layout from x-nonce);
 * - tells the pages which path was asked for (x-pactum-path, always overwritten here so a client cannot
 *   supply it), so that a signed-out visitor of /contracts/<id> is sent to
 *   /login?callbackUrl=/contracts/<id> and comes back there after signing in. The value is only ever
 *   used through safeCallbackPath (same-origin paths only).
 */
export function proxy(request: NextRequest) {
  const isApi = request.nextUrl.pathname.startsWith('/api/');
  const https = servedOverHttps(
    request.nextUrl,
    request.headers.get('x-forwarded-proto'),
    process.env.NEXTAUTH_URL,
  );
  const dev = process.env.NODE_ENV === 'development';
  const nonce = isApi ? undefined : newNonce();
  const security = securityHeaders(isApi ? 'api' : 'page', { nonce, https, dev });

  const headers = new Headers(request.headers);
  if (nonce) {
    headers.set('x-nonce', nonce);
    headers.set('content-security-policy', security['Content-Security-Policy']!);
    headers.set('x-pactum-path', request.nextUrl.pathname + request.nextUrl.search);
  }
  const response = NextResponse.next({ request: { headers } });
  for (const [name, value] of Object.entries(security)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but Next's own hashed assets and the icon.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
