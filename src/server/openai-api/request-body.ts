/** A request's JSON body, read with a bound: any local program can send anything, of any size. */
import type { IncomingMessage } from 'node:http';
import { ApiError } from './api-errors.ts';

/** The largest body the API reads (4 MiB): a long conversation with a large file pasted in, with room to spare. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Past the bound, what the client still sends is read and dropped up to
 * this much more, so that it gets to read the 413 instead of a reset; a
 * larger body is cut off.
 */
const drainBytes = 16 * 1024 * 1024;

const tooLarge = () =>
  new ApiError(413, 'invalid_request_error', 'request_too_large', `The request body is larger than Hearth\u2019s local API reads at once (${MAX_BODY_BYTES / 1024 / 1024} MiB): send less at once.`, { connection: 'close' });

export function readJsonBody(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > MAX_BODY_BYTES + drainBytes) {
        request.pause();
        reject(tooLarge());
      }
    });
    request.on('end', () => {
      ended = true;
      if (size > MAX_BODY_BYTES) return reject(tooLarge());
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new ApiError(400, 'invalid_request_error', 'invalid_json', 'The request body is not valid JSON: send one JSON object, as OpenAI\u2019s API takes it.'));
      }
    });
    // The client went away before sending all of it: nobody is left to answer.
    request.on('close', () => {
      if (!ended) reject(new ApiError(400, 'invalid_request_error', 'request_incomplete', 'The request body ended before it was complete.'));
    });
  });
}
