import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { clientIp, PEER_HEADER } from './client-ip';
import { stampPeerAddress } from './peer-address';

it('stamps the socket peer on every request, overwriting a forged header', async () => {
  stampPeerAddress();
  const server = http.createServer((req, res) => {
    res.end(clientIp(new Headers(req.headers as Record<string, string>), {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const seen = await fetch(`http://127.0.0.1:${port}/`, {
      headers: { [PEER_HEADER]: '203.0.113.66', 'x-forwarded-for': '198.51.100.1' },
    }).then((r) => r.text());
    expect(seen).toBe('127.0.0.1');
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
