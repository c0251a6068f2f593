/**
 * The browser host's plain-text answers: every refusal and failure ends
 * with a status and a sentence, whether a request got as far as a
 * ServerResponse or only a raw socket (an upgrade, or bytes Node's HTTP
 * parser rejected).
 */
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export const sentences = {
  badTarget: 'The request names an address Hearth cannot read: it must be a path such as /index.html.',
  badEscape: 'The address contains a malformed %-escape (such as %E0%A4%A), so it names no file.',
  notFound: 'Hearth has no file at this address.',
  methodNotAllowed: 'Hearth\u2019s browser host answers only GET and HEAD requests.',
  badExpect: 'Hearth does not support what this request\u2019s Expect header asks for.',
  notApi: 'Hearth\u2019s WebSocket API is at /api.',
  internal: 'Something went wrong inside Hearth while answering this request; try again.',
  badHttp: 'The request is not valid HTTP, so Hearth could not read it.',
  headersTooLarge: 'The request\u2019s headers are larger than Hearth accepts (16 KB).',
  tooSlow: 'The request took too long to arrive, so Hearth stopped waiting for it.',
} as const;

/** How long a socket answered by hand may still drain what the client sends, before it is cut. */
const lingerMs = 2_000;

/** Answers with `status` and `text`; a response already under way is cut instead, as a second status cannot follow. */
export function answerText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = Buffer.from(text);
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': body.length, ...headers }).end(body);
}

/**
 * Writes a whole HTTP response on a raw socket and closes it. It ends
 * rather than destroys the socket, so that bytes the client is still
 * sending do not turn the close into a reset that discards the answer.
 */
export function answerSocket(socket: Duplex, status: number, text: string): void {
  if (socket.writableEnded) return;
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n`;
  socket.end(head + text);
  setTimeout(() => socket.destroy(), lingerMs).unref();
}

/** What Node's HTTP parser rejected (the server's 'clientError'), answered like Node would, with a sentence. */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') answerSocket(socket, 431, sentences.headersTooLarge);
  else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') answerSocket(socket, 408, sentences.tooSlow);
  else answerSocket(socket, 400, sentences.badHttp);
}
