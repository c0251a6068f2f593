/**
 * Raw TCP and WebSocket clients for the browser host's tests: they send
 * what no well-behaved client would (malformed request lines, bad escapes,
 * oversized frames) and read back exactly what the server answered.
 */
import net from 'node:net';
import WebSocket from 'ws';

export interface RawAnswer {
  /** The status of the first response, or null when the server sent none. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
}

/** Parses the first HTTP/1.1 response in `raw` (latin1); bodies are read by Content-Length. */
export function parseRawResponse(raw: string): RawAnswer {
  const match = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n/.exec(raw);
  const headEnd = raw.indexOf('\r\n\r\n');
  if (!match || headEnd < 0) return { status: null, headers: {}, body: '' };
  const headers: Record<string, string> = {};
  for (const line of raw.slice(match[0].length, headEnd).split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = raw.slice(headEnd + 4);
  const length = Number(headers['content-length'] ?? rest.length);
  return { status: Number(match[1]), headers, body: Buffer.from(rest.slice(0, length), 'latin1').toString('utf8') };
}

/** True once `raw` holds a whole first response: a 101, or a body as long as its Content-Length or chunked encoding says. */
function isComplete(raw: string): boolean {
  const answer = parseRawResponse(raw);
  if (answer.status === null) return false;
  if (answer.status === 101) return true;
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  if (answer.headers['content-length'] !== undefined) return body.length >= Number(answer.headers['content-length']);
  if (answer.headers['transfer-encoding'] === 'chunked') return body.endsWith('0\r\n\r\n');
  return false;
}

/**
 * Writes `data` on a fresh connection and resolves with the first response,
 * once it is whole or the server closed the connection. A request without
 * the blank line that ends its head is truncated: the connection is then
 * half-closed, which is how the server learns that nothing more will come.
 * (A whole request is not, as Node drops a request whose client half-closes
 * before the answer.)
 */
export function rawRequest(port: number, data: string | Buffer): Promise<RawAnswer & { raw: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const raw = () => Buffer.concat(chunks).toString('latin1');
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve({ ...parseRawResponse(raw()), raw: raw() });
    };
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      if (isComplete(raw())) settle();
    });
    // A reset after the answer is still an answer; the 'close' that follows reports it.
    socket.on('error', () => undefined);
    socket.on('close', settle);
    const truncated = !Buffer.from(data).includes('\r\n\r\n');
    if (truncated) socket.end(data);
    else socket.write(data);
  });
}

/** Opens a WebSocket to the host's API with the token, as a non-browser client (no Origin). */
export function openApiSocket(port: number, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`);
    socket.once('open', () => {
      // Later errors (a reset while sending) end in 'close', which the callers watch.
      socket.on('error', () => undefined);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

export interface CallAnswer {
  id: unknown;
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string; action: string; details?: string };
}

/**
 * Sends one frame and resolves with the next `result` (events are skipped),
 * or with the close code when the server closed the socket instead.
 */
export function exchange(socket: WebSocket, frame: string | Buffer, options: { binary?: boolean } = {}): Promise<{ result: CallAnswer } | { closed: number }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { type: string } & CallAnswer;
      if (message.type !== 'result') return;
      cleanup();
      resolve({ result: message });
    };
    const onClose = (code: number) => {
      cleanup();
      resolve({ closed: code });
    };
    const cleanup = () => {
      socket.off('message', onMessage);
      socket.off('close', onClose);
    };
    socket.on('message', onMessage);
    socket.on('close', onClose);
    if (socket.readyState !== WebSocket.OPEN) {
      cleanup();
      resolve({ closed: 1006 });
      return;
    }
    socket.send(frame, { binary: options.binary ?? false });
  });
}

/**
 * Records what escapes every handler in this process (uncaught exceptions
 * and unhandled rejections). Run alone, the host would die of any of them;
 * under vitest they are only reported, so tests assert this stays empty.
 */
export function recordEscapedErrors(): { errors: unknown[]; stop(): void } {
  const errors: unknown[] = [];
  const record = (error: unknown) => errors.push(error);
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  return {
    errors,
    stop() {
      process.off('uncaughtException', record);
      process.off('unhandledRejection', record);
    },
  };
}
