import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { MAX_CALL_BYTES } from '../api/contract.ts';
import type { Core } from '../core/core.ts';
import { checkAccess, tokenCookie } from './access.ts';
import { browserContentSecurityPolicy, walletConnectSources, type WalletSources } from './content-security-policy.ts';
import { serveApiSocket } from './api-socket.ts';
import { answerClientError, answerSocket, answerText, sentences } from './plain-answers.ts';
import { parseRequestTarget } from './request-target.ts';
import { readStaticFile } from './static-files.ts';

export interface BrowserHostOptions {
  core: Core;
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /**
   * What the page's wallet may reach (walletConnectSources), asked at each response so that a page loaded
   * after the WalletConnect setting changed gets the new policy; Frame's only when left out.
   */
  walletSources?: () => WalletSources;
}

export interface BrowserHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const frameOnly = () => walletConnectSources({ rpcUrl: undefined, walletConnect: false });

/**
 * Browser mode: serves the built renderer and the core's API over a
 * WebSocket, on 127.0.0.1 only, to holders of a random token.
 */
export async function startBrowserHost({ core, port, staticDir, walletSources = frameOnly }: BrowserHostOptions): Promise<BrowserHost> {
  const token = randomBytes(24).toString('base64url');
  const root = path.resolve(staticDir);
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_CALL_BYTES });
  let boundPort = port;

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = parseRequestTarget(request.url);
    if (!target) return answerText(response, 400, sentences.badTarget);
    const refusal = checkAccess(request, target, boundPort, token);
    if (refusal) return answerText(response, refusal.status, refusal.reason);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return answerText(response, 405, sentences.methodNotAllowed, { allow: 'GET, HEAD' });
    }
    const file = await readStaticFile(root, target.pathname);
    // The client may have gone while the file was read: nothing is left to answer.
    if (request.socket.destroyed) return;
    if (file === 'malformed') return answerText(response, 400, sentences.badEscape);
    if (file === 'not-found') return answerText(response, 404, sentences.notFound);
    response.writeHead(200, {
      'content-type': file.contentType,
      'content-security-policy': browserContentSecurityPolicy(walletSources()),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      // Lets the page's scripts and styles load without the token in their URLs.
      'set-cookie': `${tokenCookie}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const target = parseRequestTarget(request.url);
    if (!target) return answerSocket(socket, 400, sentences.badTarget);
    const refusal = checkAccess(request, target, boundPort, token);
    if (refusal) return answerSocket(socket, refusal.status, refusal.reason);
    if (target.pathname !== '/api') return answerSocket(socket, 404, sentences.notApi);
    sockets.handleUpgrade(request, socket, head, (ws) => serveApiSocket(ws, core));
  }

  // Every request ends with a status and a sentence, whatever it holds: a bug here costs one request, never the server.
  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    answer(request, response).catch((error: unknown) => {
      core.log.error('server', 'http-request-failed', { method: request.method ?? null }, error);
      answerText(response, 500, sentences.internal);
    });
  };
  // Without a Host header Node would answer a bare 400; checkAccess answers it with a sentence instead.
  const server = http.createServer({ requireHostHeader: false }, onRequest);
  server.on('clientError', answerClientError);
  // Node's own answers to these are bare (417) or none at all (CONNECT): give each a sentence.
  server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => answerText(response, 417, sentences.badExpect));
  server.on('connect', (_request: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    answerSocket(socket, 405, sentences.methodNotAllowed);
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node stops watching an upgraded socket's errors; a client that resets it must not take the server down.
    socket.on('error', () => socket.destroy());
    try {
      upgrade(request, socket, head);
    } catch (error) {
      core.log.error('server', 'upgrade-failed', {}, error);
      answerSocket(socket, 500, sentences.internal);
    }
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
