/**
 * The envelope every transport carries (WebSocket in browser mode, IPC in
 * Electron), and the interface the renderer sees as `window.hearth`.
 */
import type { ErrorPayload } from './errors.ts';
import type { EventName, EventPayload, MethodName, MethodParams, MethodResult } from './contract.ts';

export interface CallRequest {
  type: 'call';
  id: number;
  method: string;
  params: unknown;
}

export type CallResponse =
  | { type: 'result'; id: number; ok: true; result: unknown }
  | { type: 'result'; id: number; ok: false; error: ErrorPayload };

export interface EventMessage {
  type: 'event';
  event: EventName;
  payload: unknown;
}

export type ServerMessage = CallResponse | EventMessage;

/** What the renderer calls. A failed call rejects with an Error that also carries the ErrorPayload fields. */
export interface HearthApi {
  call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export type HearthCallError = Error & ErrorPayload;
