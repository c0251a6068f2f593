/**
 * One WebSocket connection to the core's API in browser mode: each text
 * frame is a call, answered by a `result`; the core's events are pushed.
 * Whatever a client sends ends as a `result` with an error, or, for what
 * ws itself refuses (a frame over the size limit, invalid UTF-8, a
 * protocol violation), as a close of this socket alone with the fitting
 * code (1009, 1007, 1002).
 */
import type { WebSocket } from 'ws';
import { HearthError, toErrorPayload } from '../api/errors.ts';
import type { CallRequest, CallResponse, EventMessage } from '../api/wire.ts';
import type { Core } from '../core/core.ts';

type ReadCall = { id: number; call: CallRequest } | { id: number; error: HearthError };

/** The call in `data`, or the error to answer it with; either under the call's own id when it has a usable one, else -1. */
function readCall(data: string): ReadCall {
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch (cause) {
    return { id: -1, error: new HearthError('INVALID_REQUEST', { details: 'the message is not JSON', cause }) };
  }
  const call = (typeof message === 'object' && message !== null ? message : {}) as Partial<CallRequest>;
  const id = Number.isSafeInteger(call.id) ? (call.id as number) : -1;
  if (call.type !== 'call' || !Number.isSafeInteger(call.id) || typeof call.method !== 'string') {
    return { id, error: new HearthError('INVALID_REQUEST', { details: 'expected {type: "call", id (an integer), method (a string), params}' }) };
  }
  return { id, call: call as CallRequest };
}

export function serveApiSocket(socket: WebSocket, core: Core): void {
  const send = (message: CallResponse | EventMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const unsubscribe = core.on(send);
  socket.on('close', unsubscribe);
  socket.on('error', () => {
    // ws has already closed the socket with the code that fits its own errors; any other leaves it open, so close it here.
    if (socket.readyState === socket.OPEN) socket.close(1011, 'Hearth could not read this connection.');
  });

  const answer = async (data: string, isBinary: boolean): Promise<void> => {
    let id = -1;
    try {
      if (isBinary) throw new HearthError('INVALID_REQUEST', { details: 'binary messages are not part of the protocol' });
      const read = readCall(data);
      id = read.id;
      if ('error' in read) throw read.error;
      send({ type: 'result', id, ok: true, result: await core.call(read.call.method, read.call.params) });
    } catch (error) {
      send({ type: 'result', id, ok: false, error: toErrorPayload(error) });
    }
  };
  socket.on('message', (data, isBinary) => {
    answer(isBinary ? '' : data.toString(), isBinary).catch((error: unknown) => {
      core.log.error('server', 'socket-call-failed', {}, error);
      if (socket.readyState === socket.OPEN) socket.close(1011, 'Hearth could not answer a call.');
    });
  });
}
