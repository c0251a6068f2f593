/** Errors as the renderer sees them: an Error carrying the API's ErrorPayload fields. */
import type { ErrorPayload, HearthCallError } from '../../../src/api/index.ts';

export function callError(payload: ErrorPayload): HearthCallError {
  const error = new Error(payload.message) as HearthCallError;
  error.name = 'HearthCallError';
  error.code = payload.code;
  error.action = payload.action;
  if (payload.details !== undefined) error.details = payload.details;
  return error;
}

/** Any rejection as an ErrorPayload the UI can show: API errors as they are, anything else as INTERNAL. */
export function asErrorPayload(error: unknown): ErrorPayload {
  if (typeof error === 'object' && error !== null) {
    const candidate = error as Partial<ErrorPayload>;
    if (typeof candidate.code === 'string' && typeof candidate.message === 'string' && typeof candidate.action === 'string') {
      const payload: ErrorPayload = { code: candidate.code, message: candidate.message, action: candidate.action };
      if (typeof candidate.details === 'string') payload.details = candidate.details;
      return payload;
    }
  }
  return {
    code: 'INTERNAL',
    message: 'Something went wrong inside Hearth.',
    action: 'Try again; if it keeps happening, restart Hearth.',
    details: error instanceof Error ? error.message : String(error),
  };
}
