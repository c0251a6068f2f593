/**
 * How many model requests from apps are in progress at once. The engine
 * writes one reply at a time, in the order asked (the app's own chat
 * included), so a few requests wait their turn there; past that bound an
 * app is told to come back (429 with Retry-After, which OpenAI clients
 * honour by retrying), so that apps cannot pile up a queue that keeps the
 * person's own chat waiting.
 */
import { ApiError } from './api-errors.ts';

/** One being answered and three waiting. */
export const MAX_REQUESTS_IN_PROGRESS = 4;

export function createRequestSlots(limit = MAX_REQUESTS_IN_PROGRESS) {
  let taken = 0;
  return {
    /** A slot, released by the function returned (once, however often called); throws a 429 when all are taken. */
    take(): () => void {
      if (taken >= limit) {
        throw new ApiError(429, 'rate_limit_error', 'rate_limit_exceeded', `Hearth's local model is already answering ${limit} requests from apps, one at a time; try again when one has finished.`, { 'retry-after': '2' });
      }
      taken += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        taken -= 1;
      };
    },
  };
}

export type RequestSlots = ReturnType<typeof createRequestSlots>;
