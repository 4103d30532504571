import { describe, expect, it } from 'vitest';
import { API_CSP, newNonce, pageCsp, securityHeaders, servedOverHttps } from './headers';

describe('security headers', () => {
  it('gives pages a nonce CSP that forbids framing, and the API a CSP that allows nothing', () => {
    const page = securityHeaders('page', { nonce: 'abc', https: false });
    expect(page['Content-Security-Policy']).toBe(pageCsp('abc'));
    expect(page['Content-Security-Policy']).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(page['Content-Security-Policy']).toContain("frame-ancestors 'none'");
    expect(page['Content-Security-Policy']).not.toContain('unsafe-eval');
    expect(page['X-Frame-Options']).toBe('DENY');
    expect(page['X-Content-Type-Options']).toBe('nosniff');
    expect(page['Strict-Transport-Security']).toBeUndefined();
    expect(securityHeaders('api', { https: false })['Content-Security-Policy']).toBe(API_CSP);
    // A page without a nonce falls back to the CSP that runs nothing rather than to no CSP.
    expect(securityHeaders('page', { https: false })['Content-Security-Policy']).toBe(API_CSP);
  });

  it('adds HSTS and upgrade-insecure-requests only over https', () => {
    const https = securityHeaders('page', { nonce: 'n', https: true });
    expect(https['Strict-Transport-Security']).toMatch(/^max-age=\d+; includeSubDomains$/);
    expect(https['Content-Security-Policy']).toContain('upgrade-insecure-requests');
    expect(securityHeaders('api', { https: true })['Strict-Transport-Security']).toBeDefined();
  });

  it.each([
    ['http://localhost:3000/x', null, undefined, false],
    ['http://localhost:3000/x', 'https', undefined, true],
    ['http://localhost:3000/x', 'HTTPS, http', undefined, true],
    ['http://localhost:3000/x', 'http', 'https://pactum.example', true],
    ['http://localhost:3000/x', 'http', 'http://localhost:3000', false],
    ['https://pactum.example/x', null, undefined, true],
  ] as const)('%s forwarded-proto=%s public=%s → https %s', (url, proto, publicUrl, expected) => {
    expect(servedOverHttps(new URL(url), proto, publicUrl)).toBe(expected);
  });

  it('makes a new 128-bit nonce each time', () => {
    const a = newNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});
