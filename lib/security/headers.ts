/*
 * Security headers of every response the proxy (proxy.ts) sees: pages (with print views), the API and
 * next-auth. Pages get a Content-Security-Policy with a fresh nonce per request, which Next.js puts on
 * its own scripts (it reads the nonce from the request's CSP header) and the root layout on MUI's
 * colour-scheme script; 'strict-dynamic' lets those scripts load the app's chunks. Styles stay
 * 'unsafe-inline': emotion (MUI) injects <style> tags at run time, and a style cannot run code.
 * Nothing may frame Pactum (frame-ancestors and X-Frame-Options), so the portal's Submit (a signature)
 * and the approver's Approve cannot be clickjacked.
 */

export type HeaderKind = 'page' | 'api';

export const HSTS = 'max-age=63072000; includeSubDomains';

export function pageCsp(nonce: string, options: { dev?: boolean; https?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    // The file preview (issue 16) shows a downloaded PDF from a blob: URL made by the page itself.
    "frame-src 'self' blob:",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** JSON answers run nothing and embed nothing. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export function securityHeaders(
  kind: HeaderKind,
  options: { nonce?: string; https: boolean; dev?: boolean },
): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Security-Policy':
      kind === 'page' && options.nonce
        ? pageCsp(options.nonce, { dev: options.dev, https: options.https })
        : API_CSP,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    // Contract ids and search filters are in our URLs: other sites do not get them.
    'Referrer-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
  if (options.https) headers['Strict-Transport-Security'] = HSTS;
  return headers;
}

/**
 * Whether the browser reached us over https: directly, through a TLS-terminating proxy that says so
 * (x-forwarded-proto), or because the public URL is https. A client that fakes the header only gets
 * HSTS on its own answer.
 */
export function servedOverHttps(
  url: URL,
  forwardedProto: string | null,
  publicUrl: string | undefined,
): boolean {
  if (url.protocol === 'https:') return true;
  if (forwardedProto?.split(',')[0]?.trim().toLowerCase() === 'https') return true;
  return !!publicUrl?.toLowerCase().startsWith('https://');
}

/** 128 random bits, base64: a CSP nonce. Web Crypto, so it runs wherever the proxy runs. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
