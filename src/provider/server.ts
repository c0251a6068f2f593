/**
 * The provider's MOR-RPC listener: one request per TCP connection, its
 * replies written back to back, then the connection is closed. A client
 * that sends garbage, half a request or too much gets a signed error and
 * is disconnected; nothing it sends can stop the server.
 */
import net from 'node:net';
import { hexToBytes } from '@noble/hashes/utils.js';
import { errorCodes, HearthError, type ErrorCode } from '../api/errors.ts';
import { encodeRpcError, encodeRpcResponse, type Hex } from '../market/morrpc/messages.ts';
import { JsonObjectSplitter } from '../market/morrpc/object-splitter.ts';
import { parseMessage, rpcRequestSchema } from '../market/morrpc/schemas.ts';
import { signedError } from '../market/morrpc/signing.ts';
import type { MorRpcHandlers } from './handlers.ts';

export interface ProviderServerOptions {
  handlers: MorRpcHandlers;
  privateKey: Hex;
  maxRequestBytes?: number;
  /** How long a client may take to send its whole request. */
  requestTimeoutMs?: number;
  /** Connections served at once; more are refused until one ends. */
  maxConnections?: number;
  onError?: (error: unknown) => void;
}

/** The error text a consumer sees: the stable code first, so it can be mapped back to a sentence. */
export function errorText(code: ErrorCode, details: string | undefined): string {
  return `${code}: ${errorCodes[code].message}${details ? ` (${details})` : ''}`;
}

export class ProviderServer {
  readonly #options: ProviderServerOptions;
  readonly #key: Uint8Array;
  readonly #server: net.Server;
  readonly #sockets = new Set<net.Socket>();

  constructor(options: ProviderServerOptions) {
    this.#options = options;
    this.#key = hexToBytes(options.privateKey.slice(2));
    // allowHalfOpen: a client may end its side after the request and still read the reply.
    this.#server = net.createServer({ allowHalfOpen: true }, (socket) => this.#serve(socket));
    this.#server.maxConnections = options.maxConnections ?? 256;
  }

  listen(port: number, host = '127.0.0.1'): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        const address = this.#server.address() as net.AddressInfo;
        resolve({ host: address.address, port: address.port });
      });
    });
  }

  close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #serve(socket: net.Socket): void {
    this.#sockets.add(socket);
    const aborter = new AbortController();
    const splitter = new JsonObjectSplitter(this.#options.maxRequestBytes ?? 1024 * 1024);
    let requestId = '';
    let started = false;
    // A client that never closes its side is cut off shortly after its reply.
    const finish = () => {
      socket.end();
      socket.setTimeout(5_000, () => socket.destroy());
    };
    const write = (text: string) => {
      if (!socket.destroyed && socket.writable) socket.write(text);
    };
    const fail = (error: unknown) => {
      const hearth = error instanceof HearthError ? error : new HearthError('INTERNAL', { details: String(error), cause: error });
      if (hearth.code === 'INTERNAL') this.#options.onError?.(error);
      const body = signedError(errorText(hearth.code, hearth.details), 400, this.#key);
      write(encodeRpcResponse(requestId, { error: encodeRpcError(body) }));
      finish();
    };
    const run = (text: string) => {
      started = true;
      socket.setTimeout(0);
      let request;
      try {
        request = parseMessage(text, rpcRequestSchema);
      } catch (error) {
        fail(error);
        return;
      }
      requestId = request.id;
      const reply = { result: (encoded: string) => write(encodeRpcResponse(request.id, { result: encoded })), signal: aborter.signal };
      this.#options.handlers.handle(request.method, request.params, reply).then(finish, fail);
    };
    socket.setTimeout(this.#options.requestTimeoutMs ?? 30_000, () => {
      if (!started) fail(new HearthError('MORRPC_INCOMPLETE', { details: 'no complete request arrived in time' }));
    });
    socket.on('data', (chunk: Buffer) => {
      if (started) return;
      try {
        const [first] = splitter.push(chunk);
        if (first !== undefined) run(first);
      } catch (error) {
        started = true;
        fail(error);
      }
    });
    socket.on('end', () => {
      if (started) return;
      started = true;
      try {
        splitter.end();
        fail(new HearthError('MORRPC_INCOMPLETE', { details: 'the connection ended before a request' }));
      } catch (error) {
        fail(error);
      }
    });
    socket.on('error', () => aborter.abort());
    socket.on('close', () => {
      aborter.abort();
      this.#sockets.delete(socket);
    });
  }
}
