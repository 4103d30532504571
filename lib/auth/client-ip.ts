/**
 * The address a request came from, for sign-in throttling.
 *
 * Next.js gives no access to the socket: it fills `x-forwarded-for` with the peer address only when the
 * client did not send that header itself, so by default the header is whatever the client claims. The
 * server therefore stamps the real peer address into PEER_HEADER on every request (instrumentation.ts,
 * overwriting any value a client sent), and `x-forwarded-for` is believed only behind a reverse proxy
 * declared with PACTUM_TRUST_PROXY=1: then the right-most entry, the one our proxy appended, is used
 * (entries to its left are again whatever the client claimed).
 */
export const PEER_HEADER = 'x-pactum-peer';

export function clientIp(
  headers: Pick<Headers, 'get'>,
  env: Record<string, string | undefined> = process.env,
): string {
  if (env.PACTUM_TRUST_PROXY === '1') {
    const hops = (headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const last = hops.at(-1);
    if (last) return normalizeIp(last);
  }
  return normalizeIp(headers.get(PEER_HEADER) ?? 'unknown');
}

function normalizeIp(ip: string): string {
  const v = ip.trim().toLowerCase().slice(0, 64);
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d: one address, one counter.
  return v.startsWith('::ffff:') && v.includes('.') ? v.slice(7) : v;
}
