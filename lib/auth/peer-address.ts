import http from 'node:http';
import { PEER_HEADER } from './client-ip';

let installed = false;

/**
 * Stamps each incoming request with the socket's peer address (see client-ip.ts: Next.js exposes no
 * socket to route handlers or server actions, and its own `x-forwarded-for` is client-controlled).
 * Any PEER_HEADER a client sent is overwritten, so the value cannot be forged.
 */
export function stampPeerAddress(): void {
  if (installed) return;
  installed = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? 'unknown';
    }
    return Reflect.apply(emit, this, [event, ...args]);
  } as typeof emit;
}
