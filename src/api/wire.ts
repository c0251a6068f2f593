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

/** What the OS file dialog is asked for: a model file, a document, or a folder of documents. */
export interface PathRequest {
  purpose: 'model' | 'document' | 'document-folder';
}

/** What the renderer calls. A failed call rejects with an Error that also carries the ErrorPayload fields. */
export interface HearthApi {
  call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * The desktop app only: the OS file dialog; resolves with the chosen path, or null when cancelled.
   * Browser mode has none, as a web page never learns where a file is; there the user types the path.
   */
  pickPath?(request: PathRequest): Promise<string | null>;
}

export type HearthCallError = Error & ErrorPayload;
