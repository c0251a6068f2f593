/**
 * The local API's refusals and failures, in OpenAI's shape
 * (`{error: {message, type, code}}`) so that OpenAI clients raise their
 * usual errors (AuthenticationError for 401, and so on), each with a
 * sentence a person can act on.
 */
import type { ServerResponse } from 'node:http';
import type { z } from 'zod';
import { HearthError, type ErrorCode } from '../../api/errors.ts';

type ErrorType = 'invalid_request_error' | 'authentication_error' | 'permission_error' | 'not_found_error' | 'rate_limit_error' | 'server_error';

/** A request the API answers with an error status: thrown by a handler, answered by the server. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly type: ErrorType;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(status: number, type: ErrorType, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.headers = headers;
  }
}

/** The engine's errors that say the model cannot answer now, rather than that the request is wrong. */
const unavailable = new Set<ErrorCode>([
  'MODEL_NOT_READY', 'MODEL_NOT_FOUND', 'MODEL_NOT_GGUF', 'MODEL_INVALID', 'MODEL_CRASHED', 'MODEL_TOO_LARGE', 'ENGINE_CRASHED',
  'ENGINE_RESTARTING', 'EMBEDDER_NOT_READY', 'EMBEDDER_UNSUPPORTED', 'EMBEDDING_INTERRUPTED',
]);

/** A thrown error as the API answers it; null for one nobody expected (a bug: answered as internal, and logged). */
export function asApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (!(error instanceof HearthError)) return null;
  const sentence = `${error.shortMessage} ${error.action}`;
  if (error.code === 'PROMPT_TOO_LONG') return new ApiError(400, 'invalid_request_error', 'context_length_exceeded', sentence);
  if (error.code === 'INVALID_REQUEST' || error.code === 'TEXT_INVALID_UNICODE') return new ApiError(400, 'invalid_request_error', error.code.toLowerCase(), sentence);
  if (unavailable.has(error.code)) return new ApiError(503, 'server_error', error.code.toLowerCase(), sentence);
  // Where the routing policy or the marketplace turned the request away: the sentence says why and what to do.
  if (/^(ROUTE|MARKET|WALLET|SPEND|PROVIDER|CHAIN)_/.test(error.code)) return new ApiError(503, 'server_error', error.code.toLowerCase(), sentence);
  return null;
}

/** A zod failure as the sentence a 400 carries, naming the first fields that are wrong. */
export function invalidRequest(what: string, error: z.ZodError): ApiError {
  const issues = error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
  return new ApiError(400, 'invalid_request_error', 'invalid_request', `The request is not ${what} Hearth can answer (${issues}).`);
}

export const internalError = () =>
  new ApiError(500, 'server_error', 'internal_error', 'Something went wrong inside Hearth while answering this request; try again.');

export function errorBody(error: ApiError): string {
  return JSON.stringify({ error: { message: error.message, type: error.type, param: null, code: error.code } });
}

/** Answers with the error; a response already under way (a stream) is cut instead, as a second status cannot follow. */
export function answerError(response: ServerResponse, error: ApiError): void {
  if (response.writableEnded) return;
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = Buffer.from(errorBody(error));
  response.writeHead(error.status, { 'content-type': 'application/json', 'content-length': body.length, ...error.headers }).end(body);
}
