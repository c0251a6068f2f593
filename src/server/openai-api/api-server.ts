/**
 * The local API: an OpenAI-compatible HTTP server on 127.0.0.1 for other
 * apps on this computer. Like the browser host, it names only itself
 * (a Host header for another name is DNS rebinding), refuses web pages of
 * other sites (their Origin), wants the token (here as OpenAI's bearer API
 * key), and answers every request with a status and a sentence: a bug costs
 * one request, never the server. Each request is logged with its method,
 * path, status and tokens, never its text.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { HearthError } from '../../api/errors.ts';
import type { Engine } from '../../engine/engine.ts';
import type { Logger } from '../../log/file-logger.ts';
import { checkHostAndOrigin, sameToken } from '../access.ts';
import { answerClientError, answerSocket } from '../plain-answers.ts';
import { parseRequestTarget } from '../request-target.ts';
import { ApiError, answerError, asApiError, internalError } from './api-errors.ts';
import { answerChatCompletion, type TokenUsage } from './chat-completions.ts';
import type { RouteChatRequest } from './reply-backend.ts';
import { answerEmbeddings } from './embeddings.ts';
import { readJsonBody } from './request-body.ts';
import { createRequestSlots } from './request-slots.ts';
import { modelList, servedModels } from './served-models.ts';

export interface OpenAiApiOptions {
  engine: Engine;
  route: RouteChatRequest;
  log: Logger;
  /** 0 picks a free port. */
  port: number;
  /** Read at each request, so that a new token applies at once. */
  token: () => string;
}

export interface OpenAiApiServer {
  port: number;
  /** Stops listening and cuts every connection: replies being written stop. */
  close(): Promise<void>;
}

const routes = {
  '/v1/models': 'GET',
  '/v1/chat/completions': 'POST',
  '/v1/embeddings': 'POST',
} as const;

type Route = keyof typeof routes;

const modelPrefix = '/v1/models/';

function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

/** A path segment's %-escapes decoded; null when they are malformed, so that such a path names nothing. */
function decodedSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function answerJson(response: ServerResponse, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
}

export async function startOpenAiApi({ engine, route, log, port, token }: OpenAiApiOptions): Promise<OpenAiApiServer> {
  const slots = createRequestSlots();
  const created = Math.floor(Date.now() / 1000);
  let boundPort = port;

  /** Resolves with the tokens a reply used, if it wrote one. */
  async function answer(request: IncomingMessage, response: ServerResponse, signal: AbortSignal): Promise<TokenUsage | null> {
    const target = parseRequestTarget(request.url);
    if (!target) throw new ApiError(400, 'invalid_request_error', 'invalid_target', 'The request names an address Hearth cannot read: it must be a path such as /v1/models.');
    const refusal = checkHostAndOrigin(request, target, boundPort);
    if (refusal) throw new ApiError(refusal.status, 'permission_error', refusal.status === 421 ? 'misdirected_request' : 'foreign_origin', refusal.reason);
    const presented = bearerToken(request.headers.authorization);
    if (!sameToken(presented, token())) {
      const problem = presented === undefined ? 'This request carries no API key' : 'This request\u2019s API key is not Hearth\u2019s token';
      throw new ApiError(401, 'authentication_error', 'invalid_api_key', `${problem}: use the token shown on Hearth\u2019s Privacy page, under Local API, as the API key.`);
    }
    const { pathname } = target;
    if (pathname.startsWith(modelPrefix) && request.method === 'GET') {
      const id = decodedSegment(pathname.slice(modelPrefix.length));
      const listed = modelList(servedModels(engine), created).data.find((model) => model.id === id);
      if (!listed) throw new ApiError(404, 'not_found_error', 'model_not_found', 'Hearth does not serve that model; GET /v1/models lists the ones it does.');
      answerJson(response, listed);
      return null;
    }
    if (!Object.hasOwn(routes, pathname)) {
      throw new ApiError(404, 'not_found_error', 'unknown_url', 'Hearth\u2019s local API has no such address: it answers GET /v1/models, POST /v1/chat/completions and POST /v1/embeddings.');
    }
    const method = routes[pathname as Route];
    if (request.method !== method) {
      throw new ApiError(405, 'invalid_request_error', 'method_not_allowed', `This address of Hearth\u2019s local API answers ${method} requests only.`, { allow: method });
    }
    if (pathname === '/v1/models') {
      answerJson(response, modelList(servedModels(engine), created));
      return null;
    }
    const body = await readJsonBody(request);
    const release = slots.take();
    // A client that went away frees its slot at once: its reply is being stopped.
    response.on('close', release);
    try {
      if (pathname === '/v1/embeddings') {
        await answerEmbeddings(body, response, engine);
        return null;
      }
      return await answerChatCompletion(body, response, signal, engine, route);
    } finally {
      release();
    }
  }

  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    const controller = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) controller.abort();
    });
    answer(request, response, controller.signal)
      .catch((error: unknown) => {
        const known = asApiError(error);
        if (!known) log.error('local-api', 'request-failed', { method: request.method ?? null }, error);
        answerError(response, known ?? internalError());
        return null;
      })
      .then((usage) => {
        const pathname = parseRequestTarget(request.url)?.pathname ?? '';
        log.info('local-api', 'request', {
          method: request.method ?? null,
          // Only the API's own addresses: anything else a program sends is not kept.
          path: Object.hasOwn(routes, pathname) ? pathname : pathname.startsWith(modelPrefix) ? modelPrefix : 'other',
          status: response.statusCode,
          clientGone: controller.signal.aborted,
          promptTokens: usage?.inputTokens,
          completionTokens: usage?.outputTokens,
        });
      })
      // The log itself failed (a full disk): there is nowhere left to tell, and the server must go on.
      .catch(() => undefined);
  };

  // Without a Host header Node would answer a bare 400; the gate answers it with a sentence instead.
  const server = http.createServer({ requireHostHeader: false }, onRequest);
  server.on('clientError', answerClientError);
  server.on('connect', (_request: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    answerSocket(socket, 405, 'Hearth\u2019s local API answers GET and POST requests only.');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: Error & { code?: string }) => {
      if (error.code !== 'EADDRINUSE') return reject(error);
      reject(new HearthError('LOCAL_API_PORT_IN_USE', {
        message: `Another program already uses port ${port}, so the local API could not start and stays off.`,
        action: 'Choose another port (from 1024 to 65535), then turn the local API on again.',
        cause: error,
      }));
    });
    server.listen(port, '127.0.0.1', () => resolve());
  });
  boundPort = (server.address() as AddressInfo).port;

  return {
    port: boundPort,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
