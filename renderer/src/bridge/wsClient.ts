/**
 * The HearthApi over a WebSocket, for browser mode. Calls made before the
 * first connection wait for it; calls in flight when the socket drops, or
 * made while it is down, fail with a clear error (so nothing waits forever).
 * A call larger than the host accepts is refused here (REQUEST_TOO_LARGE),
 * as sending it would cost the connection. The socket reconnects with
 * backoff on its own.
 */
import type {
  CallRequest,
  ErrorPayload,
  EventName,
  EventPayload,
  HearthApi,
  HearthCallError,
  MethodName,
  MethodParams,
  MethodResult,
  ServerMessage,
} from '../../../src/api/index.ts';
import { callError } from './callError.ts';
import { maxCallBytes } from './limits.ts';

/**
 * - connecting: the first connection is being made.
 * - open: connected.
 * - reconnecting: the connection was lost (or never made) and is being retried.
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export interface ConnectionInfo {
  state: ConnectionState;
  /** True once a connection has been made at least once. */
  everConnected: boolean;
  /** Failed attempts since the last successful connection. */
  failedAttempts: number;
}

export interface ConnectionMonitor {
  current(): ConnectionInfo;
  /** Called on every change; `reconnected` is true when the socket opened after a drop or failed attempts, so what is shown must be reloaded. */
  subscribe(listener: (info: ConnectionInfo, reconnected: boolean) => void): () => void;
}

export interface WebSocketApi extends HearthApi {
  connection: ConnectionMonitor;
  close(): void;
}

/** The part of the browser's WebSocket this client uses, so tests can pass a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export interface WebSocketApiOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** First retry delay in ms; doubles on each failure up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

const OPEN = 1;

interface Pending {
  json: string;
  sent: boolean;
  resolve: (value: unknown) => void;
  reject: (error: HearthCallError) => void;
}

const connectionLost: ErrorPayload = {
  code: 'CONNECTION_LOST',
  message: 'The connection to Hearth was lost before it answered.',
  action: 'Wait for Hearth to reconnect, then try again.',
  details: 'connection lost',
};

const notConnected: ErrorPayload = {
  code: 'CONNECTION_LOST',
  message: 'Hearth is not connected right now.',
  action: 'Wait for it to reconnect, then try again.',
  details: 'not connected',
};

function tooLarge(method: string, bytes: number): ErrorPayload {
  return {
    code: 'REQUEST_TOO_LARGE',
    message: 'This request is larger than Hearth accepts at once (256 KB), so it was not sent.',
    action: 'Send less at once: shorten the text, or split it into several parts.',
    details: `${method}: ${bytes} bytes of JSON, over the limit of ${maxCallBytes}`,
  };
}

const utf8 = new TextEncoder();

const connectionErrors = new WeakSet<Error>();

/** True for the errors this client makes up itself because the socket is down (the banner already says so). */
export function isConnectionError(error: unknown): boolean {
  return error instanceof Error && connectionErrors.has(error);
}

function connectionError(payload: ErrorPayload): HearthCallError {
  const error = callError(payload);
  connectionErrors.add(error);
  return error;
}

export function createWebSocketApi(options: WebSocketApiOptions): WebSocketApi {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const random = options.random ?? Math.random;

  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(info: ConnectionInfo, reconnected: boolean) => void>();
  let info: ConnectionInfo = { state: 'connecting', everConnected: false, failedAttempts: 0 };
  let socket: SocketLike | null = null;
  let nextId = 1;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  function setInfo(next: ConnectionInfo, reconnected = false): void {
    info = next;
    for (const listener of connectionListeners) listener(info, reconnected);
  }

  function send(entry: Pending): void {
    if (socket === null || socket.readyState !== OPEN) return;
    socket.send(entry.json);
    entry.sent = true;
  }

  function handleMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: ServerMessage;
    try {
      message = JSON.parse(data) as ServerMessage;
    } catch {
      return;
    }
    if (message.type === 'result') {
      const entry = pending.get(message.id);
      if (entry === undefined) return;
      pending.delete(message.id);
      if (message.ok) entry.resolve(message.result);
      else entry.reject(callError(message.error));
    } else if (message.type === 'event') {
      for (const listener of listeners.get(message.event) ?? []) {
        try {
          listener(message.payload);
        } catch (error) {
          console.error(`Hearth: a listener for ${message.event} failed`, error);
        }
      }
    }
  }

  function connect(): void {
    retryTimer = null;
    if (closed) return;
    let opened = false;
    const ws = createSocket(options.url);
    socket = ws;
    ws.onopen = () => {
      opened = true;
      const reconnected = info.state === 'reconnecting';
      setInfo({ state: 'open', everConnected: true, failedAttempts: 0 }, reconnected);
      for (const entry of pending.values()) if (!entry.sent) send(entry);
    };
    ws.onmessage = (event) => handleMessage(event.data);
    ws.onerror = () => {
      // onclose follows and does the work.
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      // Calls the server may or may not have run cannot be replayed safely, and
      // calls still waiting for the first connection should not wait forever.
      for (const [id, entry] of pending) {
        pending.delete(id);
        entry.reject(connectionError(entry.sent ? connectionLost : notConnected));
      }
      if (closed) return;
      const failedAttempts = opened ? 0 : info.failedAttempts + 1;
      setInfo({ state: 'reconnecting', everConnected: info.everConnected, failedAttempts });
      const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** failedAttempts);
      retryTimer = setTimeout(connect, delay * (0.5 + random() / 2));
    };
  }

  connect();

  return {
    call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
      // Before the first connection calls wait for it; once it was lost they fail at once.
      if (info.state === 'reconnecting') return Promise.reject(connectionError(notConnected));
      const id = nextId++;
      const request: CallRequest = { type: 'call', id, method, params };
      let json: string;
      try {
        json = JSON.stringify(request);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      // The host closes the whole connection on a message over its limit; refuse this one call instead.
      // A UTF-16 code unit is at most 3 bytes of UTF-8, so only long calls need counting.
      const bytes = json.length * 3 <= maxCallBytes ? json.length : utf8.encode(json).length;
      if (bytes > maxCallBytes) return Promise.reject(callError(tooLarge(method, bytes)));
      return new Promise<MethodResult<M>>((resolve, reject) => {
        const entry: Pending = {
          json,
          sent: false,
          resolve: resolve as (value: unknown) => void,
          reject,
        };
        pending.set(id, entry);
        send(entry);
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = listeners.get(event);
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
    connection: {
      current: () => info,
      subscribe(listener) {
        connectionListeners.add(listener);
        return () => {
          connectionListeners.delete(listener);
        };
      },
    },
    close() {
      closed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      socket?.close();
    },
  };
}
