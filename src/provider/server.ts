/**
 * The provider's MOR-RPC listener: one request per TCP connection, its
 * replies written back to back, then the connection is closed. A client
 * that sends garbage, half a request or too much gets a signed error and
 * is disconnected; nothing it sends can stop the server. Who may hold a
 * connection, and until when, is the connection gate's call; a refusal is
 * signed at most once a second per text, so junk costs almost nothing to
 * answer.
 */
import net from 'node:net';
import { hexToBytes } from '@noble/hashes/utils.js';
import { errorCodes, HearthError, type ErrorCode } from '../api/errors.ts';
import { encodeRpcError, encodeRpcResponse, type Hex } from '../market/morrpc/messages.ts';
import { JsonObjectSplitter } from '../market/morrpc/object-splitter.ts';
import { parseMessage, rpcRequestSchema } from '../market/morrpc/schemas.ts';
import { ConnectionGate, type ConnectionLimits } from './connection-gate.ts';
import type { MorRpcHandlers, ReplyChannel } from './handlers.ts';
import { peerAddressKey } from './peer-address.ts';
import { RecentlySeen } from './recently-seen.ts';
import { SignedRefusals } from './signed-refusals.ts';

/** The connection gate's limits, and how long proven addresses are remembered. */
export interface ProviderServerLimits extends ConnectionLimits {
  /** How long an address keeps the room kept for paying consumers after a request last proved it pays. */
  provenForMs: number;
  /** Proven addresses remembered; the least recently proven is forgotten first. */
  provenAddressesKept: number;
  /** Connections the kernel queues until the provider accepts them (capped by the system's net.core.somaxconn). */
  acceptBacklog: number;
}

export interface ProviderServerOptions {
  handlers: MorRpcHandlers;
  privateKey: Hex;
  maxRequestBytes?: number;
  /** Any limit left out is the default's (defaultServerLimits). */
  limits?: Partial<ProviderServerLimits>;
  onError?: (error: unknown) => void;
}

/** The limits a provider runs with unless told otherwise. */
export const defaultServerLimits: ProviderServerLimits = {
  // A consumer has a few requests in flight at most: a ping, a session request, a prompt.
  waitingPerAddress: 16,
  // Far below the thousands of connections an attacker holds cheaply, so its flood meets eviction rather than a locked door;
  // it also bounds what half-sent requests (up to maxRequestBytes each) hold in memory.
  waitingTotal: 512,
  // Paying consumers' own room, which no stranger's flood reaches.
  provenWaitingTotal: 128,
  // The largest request (1 MiB) arrives within it over a link of 300 kbit/s.
  requestDeadlineMs: 30_000,
  // A connection's first round trips (TCP slow start on a distant link) before its pace is judged.
  rateGraceMs: 2_000,
  // 32 kbit/s, below any link a consumer can work over; a trickle of a byte every few seconds is cut right after the grace.
  minBytesPerSecond: 4_096,
  // Time for the client to read the last reply and close its side.
  closeDeadlineMs: 5_000,
  // A streamed reply takes minutes at most; each prompt of a session comes on a connection of its own.
  lifetimeMs: 30 * 60_000,
  // A consumer shut out learns it a second later; an attacker reconnecting in a loop does so once a second at most.
  holdRefusedMs: 1_000,
  // More than a flood of 2,000 connections, whose attempts are all held rather than queued ahead of consumers;
  // each is a socket and a few hundred bytes.
  heldMax: 4_096,
  // A consumer's session lasts minutes to hours and its prompts come minutes apart at most.
  provenForMs: 10 * 60_000,
  // Far more consumers than one provider serves in ten minutes; a few hundred kilobytes at most.
  provenAddressesKept: 4_096,
  // With a full queue the kernel drops a newcomer's connection and its client tries again only a second later;
  // every attempt of a flood of thousands of connections fits in this one (Node's own default, 511, does not).
  acceptBacklog: 4_096,
};

/** How often deadlines are checked: cuts land at most this late. */
const deadlineCheckMs = 250;

/**
 * The splitter's own texts for these name the offending byte or a length; a
 * refusal's text must not vary per request, or each would cost a signature.
 */
const framingRefusals: Partial<Record<ErrorCode, string>> = {
  MORRPC_MALFORMED: 'the request is not one JSON object in UTF-8',
  MORRPC_INCOMPLETE: 'the connection ended inside the request',
};

function framingRefusal(error: unknown): unknown {
  const details = error instanceof HearthError ? framingRefusals[error.code] : undefined;
  return details && error instanceof HearthError ? new HearthError(error.code, { details, cause: error }) : error;
}

/** The error text a consumer sees: the stable code first, so it can be mapped back to a sentence. */
export function errorText(code: ErrorCode, details: string | undefined): string {
  return `${code}: ${errorCodes[code].message}${details ? ` (${details})` : ''}`;
}

export class ProviderServer {
  readonly #options: ProviderServerOptions;
  readonly #limits: ProviderServerLimits;
  readonly #server: net.Server;
  readonly #gate: ConnectionGate<net.Socket>;
  readonly #proven: RecentlySeen;
  readonly #refusals: SignedRefusals;
  readonly #sockets = new Set<net.Socket>();
  /** How to refuse each connection served, while it still waits for its request. */
  readonly #refusers = new Map<net.Socket, (error: unknown) => void>();
  #deadlineTimer: NodeJS.Timeout | undefined;

  constructor(options: ProviderServerOptions) {
    this.#options = options;
    this.#limits = { ...defaultServerLimits, ...options.limits };
    this.#refusals = new SignedRefusals(hexToBytes(options.privateKey.slice(2)));
    const now = () => performance.now();
    this.#gate = new ConnectionGate(this.#limits, now);
    this.#proven = new RecentlySeen({ ttlMs: this.#limits.provenForMs, max: this.#limits.provenAddressesKept, now });
    // allowHalfOpen: a client may end its side after the request and still read the reply.
    // pauseOnConnect: nothing is read from a connection before it is admitted.
    this.#server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (socket) => this.#accept(socket));
  }

  listen(port: number, host = '127.0.0.1'): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen({ port, host, backlog: this.#limits.acceptBacklog }, () => {
        const address = this.#server.address() as net.AddressInfo;
        this.#deadlineTimer = setInterval(() => this.#cutOverdue(), deadlineCheckMs).unref();
        resolve({ host: address.address, port: address.port });
      });
    });
  }

  close(): Promise<void> {
    clearInterval(this.#deadlineTimer);
    for (const socket of this.#sockets) socket.destroy();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #accept(socket: net.Socket): void {
    this.#sockets.add(socket);
    // A connection held unread may still fail; its end is seen at close.
    socket.on('error', () => {});
    socket.once('close', () => {
      this.#gate.leave(socket);
      this.#sockets.delete(socket);
      this.#refusers.delete(socket);
    });
    // Gone before it was accepted.
    if (socket.remoteAddress === undefined) {
      socket.destroy();
      return;
    }
    const address = peerAddressKey(socket.remoteAddress);
    const admission = this.#gate.admit(socket, address, this.#proven.has(address));
    if (admission.admitted && admission.evicted) this.#drop(admission.evicted);
    if (!admission.admitted) this.#drop(socket);
    else this.#serve(socket, address);
  }

  /**
   * A connection refused or evicted: held unread for a moment, then closed without a reply. What it sends is not read,
   * and a socket closed with unread bytes is reset, which would discard a reply in flight; ending it gracefully instead
   * would keep it open until the client had read the reply. A consumer shut out sees the connection lost, which its
   * client already retries or fails over from.
   */
  #drop(socket: net.Socket): void {
    socket.pause();
    if (!this.#gate.hold(socket)) socket.destroy();
  }

  #cutOverdue(): void {
    for (const [socket, cut] of this.#gate.overdue()) {
      if (cut === 'request-deadline') {
        this.#refusers.get(socket)?.(new HearthError('MORRPC_INCOMPLETE', { details: `no complete request arrived within ${this.#limits.requestDeadlineMs / 1000} s of connecting` }));
      } else if (cut === 'too-slow') {
        this.#refusers.get(socket)?.(new HearthError('MORRPC_INCOMPLETE', { details: `the request arrived slower than ${this.#limits.minBytesPerSecond} bytes a second` }));
      } else {
        socket.destroy();
      }
    }
  }

  #serve(socket: net.Socket, address: string): void {
    // Made once a request runs: aborting one builds a DOMException, too costly for every connection of a flood.
    let aborter: AbortController | undefined;
    const splitter = new JsonObjectSplitter(this.#options.maxRequestBytes ?? 1024 * 1024);
    let requestId = '';
    let started = false;
    // Ended once the reply is written; the gate destroys it at its close deadline if the client keeps its side open.
    const finish = () => {
      socket.end();
      this.#gate.closing(socket);
    };
    const write = (text: string) => {
      if (!socket.destroyed && socket.writable) socket.write(text);
    };
    const fail = (error: unknown) => {
      const hearth = error instanceof HearthError ? error : new HearthError('INTERNAL', { details: String(error), cause: error });
      if (hearth.code === 'INTERNAL') this.#options.onError?.(error);
      write(encodeRpcResponse(requestId, { error: encodeRpcError(this.#refusals.body(errorText(hearth.code, hearth.details))) }));
      finish();
    };
    const refuseWaiting = (error: unknown) => {
      started = true;
      fail(error);
    };
    const run = (text: string) => {
      started = true;
      this.#gate.answering(socket);
      let request;
      try {
        request = parseMessage(text, rpcRequestSchema);
      } catch (error) {
        fail(error);
        return;
      }
      requestId = request.id;
      aborter = new AbortController();
      const reply: ReplyChannel = {
        result: (encoded: string) => write(encodeRpcResponse(request.id, { result: encoded })),
        signal: aborter.signal,
        asker: { address, proven: this.#proven.has(address) },
        proven: () => this.#proven.add(address),
      };
      this.#options.handlers.handle(request.method, request.params, reply).then(finish, fail);
    };
    this.#refusers.set(socket, refuseWaiting);
    socket.on('data', (chunk: Buffer) => {
      if (started) return;
      this.#gate.received(socket, chunk.length);
      try {
        const [first] = splitter.push(chunk);
        if (first !== undefined) run(first);
      } catch (error) {
        refuseWaiting(framingRefusal(error));
      }
    });
    socket.on('end', () => {
      if (started) return;
      try {
        splitter.end();
        refuseWaiting(new HearthError('MORRPC_INCOMPLETE', { details: 'the connection ended before a request' }));
      } catch (error) {
        refuseWaiting(framingRefusal(error));
      }
    });
    socket.on('error', () => aborter?.abort());
    socket.on('close', () => aborter?.abort());
    socket.resume();
  }
}
