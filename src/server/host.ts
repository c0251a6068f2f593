import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { HearthError, toErrorPayload } from '../api/errors.ts';
import type { CallRequest, CallResponse, EventMessage } from '../api/wire.ts';
import type { Core } from '../core/core.ts';
import { checkAccess, tokenCookie } from './access.ts';
import { readStaticFile } from './static-files.ts';

/** Largest WebSocket message accepted: a maximal chat message plus JSON overhead, with room to spare. */
const maxMessageBytes = 256 * 1024;

const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface BrowserHostOptions {
  core: Core;
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (dist/renderer). */
  staticDir: string;
}

export interface BrowserHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function parseCall(data: string): CallRequest {
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch (error) {
    throw new HearthError('INVALID_REQUEST', { details: 'the message is not JSON', cause: error });
  }
  const call = message as Partial<CallRequest> | null;
  if (call?.type !== 'call' || typeof call.id !== 'number' || typeof call.method !== 'string') {
    throw new HearthError('INVALID_REQUEST', { details: 'expected {type: "call", id, method, params}' });
  }
  return call as CallRequest;
}

function serve(socket: WebSocket, core: Core): void {
  const send = (message: CallResponse | EventMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const unsubscribe = core.on(send);
  socket.on('close', unsubscribe);
  socket.on('message', async (data, isBinary) => {
    let id = -1;
    try {
      if (isBinary) throw new HearthError('INVALID_REQUEST', { details: 'binary messages are not part of the protocol' });
      const call = parseCall(data.toString());
      id = call.id;
      send({ type: 'result', id, ok: true, result: await core.call(call.method, call.params) });
    } catch (error) {
      send({ type: 'result', id, ok: false, error: toErrorPayload(error) });
    }
  });
}

/**
 * Browser mode: serves the built renderer and the core's API over a
 * WebSocket, on 127.0.0.1 only, to holders of a random token.
 */
export async function startBrowserHost({ core, port, staticDir }: BrowserHostOptions): Promise<BrowserHost> {
  const token = randomBytes(24).toString('base64url');
  const root = path.resolve(staticDir);
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  let boundPort = port;

  const server = http.createServer(async (request, response) => {
    const refusal = checkAccess(request, boundPort, token);
    if (refusal) {
      response.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8' }).end(refusal.reason);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const file = await readStaticFile(root, new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found.');
      return;
    }
    response.writeHead(200, {
      'content-type': file.contentType,
      'content-security-policy': contentSecurityPolicy,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      // Lets the page's scripts and styles load without the token in their URLs.
      'set-cookie': `${tokenCookie}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  });

  server.on('upgrade', (request, socket, head) => {
    const refusal = checkAccess(request, boundPort, token);
    const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (refusal || pathname !== '/api') {
      const status = refusal?.status ?? 404;
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serve(ws, core));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  boundPort = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${boundPort}/?token=${token}`,
    port: boundPort,
    token,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
