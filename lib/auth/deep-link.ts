/**
 * Where to go after sign-in. Only a same-origin path is accepted: `//evil.example`, `/\evil.example`,
 * `https://…`, control characters (browsers drop tabs and newlines, turning `/\t/evil` into `//evil`)
 * and anything that resolves to another origin are refused, so the sign-in page is no open redirect.
 */
export function safeCallbackPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return null;
  if (!value.startsWith('/') || value.startsWith('//')) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return null;
  const base = 'http://pactum.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return null;
  }
  if (url.origin !== base) return null;
  // Back to the sign-in page or to an API endpoint is never a useful destination.
  if (url.pathname === '/login' || url.pathname.startsWith('/api/')) return null;
  return url.pathname + url.search + url.hash;
}

/** The sign-in URL that leads back to `path` afterwards (or plain /login when `path` is not safe). */
export function loginUrlFor(path: string | null | undefined): string {
  const safe = safeCallbackPath(path);
  return safe && safe !== '/' ? `/login?callbackUrl=${encodeURIComponent(safe)}` : '/login';
}
