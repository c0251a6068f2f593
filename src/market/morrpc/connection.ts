/**
 * One MOR-RPC exchange over TCP: connect, write one request object, read
 * every reply object until the provider closes the connection.
 */
import net from 'node:net';
import { HearthError } from '../../api/errors.ts';
import { JsonObjectSplitter } from './object-splitter.ts';

export interface ExchangeOptions {
  host: string;
  port: number;
  /** The whole request envelope, already Go-JSON encoded. */
  request: string;
  /** Called with each reply object's text as it completes. */
  onReply: (text: string) => void;
  maxObjectBytes?: number;
  /** Longest silence between two replies before giving up. */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
}

const defaultMaxObjectBytes = 4 * 1024 * 1024;

export function exchange(options: ExchangeOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const splitter = new JsonObjectSplitter(options.maxObjectBytes ?? defaultMaxObjectBytes);
    const socket = net.connect({ host: options.host, port: options.port });
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(error instanceof HearthError ? error : new HearthError('CONNECTION_LOST', { details: String(error), cause: error }));
    };
    const onAbort = () => fail(new HearthError('CONNECTION_LOST', { details: 'the exchange was cancelled' }));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.setTimeout(options.idleTimeoutMs ?? 60_000, () => fail(new HearthError('CONNECTION_LOST', { details: 'the provider stopped answering' })));
    socket.on('connect', () => socket.write(options.request));
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const text of splitter.push(chunk)) options.onReply(text);
      } catch (error) {
        fail(error);
      }
    });
    socket.on('error', fail);
    socket.on('close', () => {
      options.signal?.removeEventListener('abort', onAbort);
      if (settled) return;
      try {
        splitter.end();
      } catch (error) {
        fail(error);
        return;
      }
      settled = true;
      resolve();
    });
  });
}
