import { describe, expect, it } from 'vitest';
import { clientIp, PEER_HEADER } from './client-ip';
import { loginUrlFor, safeCallbackPath } from './deep-link';

describe('safeCallbackPath', () => {
  it.each([
    ['/contracts/123', '/contracts/123'],
    ['/contracts?state=4&q=a#top', '/contracts?state=4&q=a#top'],
    ['/portal/contracts/5', '/portal/contracts/5'],
  ])('keeps the same-origin path %s', (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });

  it.each([
    '//evil.example/x',
    '/\\evil.example',
    '/\\/evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    '/\t/evil.example',
    '/\n/evil.example',
    'contracts/1',
    '',
    '/login',
    '/api/v1/contracts',
    `/${'a'.repeat(2001)}`,
  ])('refuses %j', (input) => {
    expect(safeCallbackPath(input)).toBeNull();
  });

  it('refuses what is not a string', () => {
    expect(safeCallbackPath(undefined)).toBeNull();
    expect(safeCallbackPath(['/a', '/b'])).toBeNull();
  });

  it('builds the sign-in URL that leads back', () => {
    expect(loginUrlFor('/contracts/1?tab=2')).toBe('/login?callbackUrl=%2Fcontracts%2F1%3Ftab%3D2');
    expect(loginUrlFor('//evil.example')).toBe('/login');
    expect(loginUrlFor('/')).toBe('/login');
    expect(loginUrlFor(null)).toBe('/login');
  });
});

describe('clientIp', () => {
  const headers = (h: Record<string, string>) => new Headers(h);
  it('uses the peer address the server stamped, ignoring a client-sent x-forwarded-for', () => {
    expect(clientIp(headers({ [PEER_HEADER]: '::ffff:10.1.2.3', 'x-forwarded-for': '1.2.3.4' }), {})).toBe(
      '10.1.2.3',
    );
    expect(clientIp(headers({}), {})).toBe('unknown');
  });
  it('believes x-forwarded-for only behind a declared proxy, and then its right-most entry', () => {
    const h = headers({ [PEER_HEADER]: '127.0.0.1', 'x-forwarded-for': '6.6.6.6, 203.0.113.5' });
    expect(clientIp(h, { PACTUM_TRUST_PROXY: '1' })).toBe('203.0.113.5');
    expect(clientIp(h, {})).toBe('127.0.0.1');
    expect(clientIp(headers({ [PEER_HEADER]: '127.0.0.1' }), { PACTUM_TRUST_PROXY: '1' })).toBe('127.0.0.1');
  });
});
