/**
 * A TCP relay on a free 127.0.0.1 port in front of a real server: what a
 * client sends passes through unchanged and is kept, per connection, so a
 * test can read the exact bytes that left the client; `cut` ends every
 * open connection cleanly mid-stream, as a provider that goes away would;
 * `stall` stops passing the server's bytes on while keeping connections
 * open, as a provider that hangs would; `tamper` alters the first digit of
 * each signature the server sends, and `replay` sends each of its messages
 * twice, as a hostile peer in between would.
 */
import net from 'node:net';
import { JsonObjectSplitter } from '../../src/market/morrpc/object-splitter.ts';

export interface TcpRelay {
  host: string;
  port: number;
  /** Each connection's bytes from the client, oldest first. */
  sent(): Buffer[];
  cut(): void;
  stall(): void;
  tamper(): void;
  replay(): void;
  /** Passes everything on unchanged again (for connections opened from now on, and open ones). */
  pass(): void;
  close(): Promise<void>;
}

type RelayMode = 'pass' | 'stall' | 'tamper' | 'replay';

/** Flips the first hex digit of every `"signature":"0x…"` wholly inside the chunk. */
function tampered(chunk: Buffer): Buffer {
  return Buffer.from(chunk.toString('latin1').replace(/("signature":"0x)([0-9a-fA-F])/g, (_match, head: string, digit: string) =>
    `${head}${digit === '0' ? '1' : '0'}`), 'latin1');
}

export async function startTcpRelay(target: { host: string; port: number }): Promise<TcpRelay> {
  const sent: Buffer[][] = [];
  const open = new Set<{ client: net.Socket; upstream: net.Socket }>();
  let mode: RelayMode = 'pass';
  const server = net.createServer((client) => {
    const chunks: Buffer[] = [];
    sent.push(chunks);
    const upstream = net.connect(target);
    const pair = { client, upstream };
    open.add(pair);
    for (const socket of [client, upstream]) socket.on('error', () => undefined);
    client.on('data', (chunk: Buffer) => chunks.push(chunk));
    client.pipe(upstream);
    const messages = new JsonObjectSplitter(16 * 1024 * 1024);
    upstream.on('data', (chunk: Buffer) => {
      if (mode === 'stall' || client.destroyed) return;
      if (mode === 'replay') for (const message of messages.push(chunk)) client.write(message + message);
      else client.write(mode === 'tamper' ? tampered(chunk) : chunk);
    });
    client.on('close', () => {
      open.delete(pair);
      upstream.destroy();
    });
    // A hung provider keeps its connections open: in stall mode the server's end is not passed on either.
    upstream.on('close', () => {
      if (mode !== 'stall') client.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    sent: () => sent.map((chunks) => Buffer.concat(chunks)),
    cut() {
      for (const { client, upstream } of open) {
        upstream.removeAllListeners('data');
        upstream.destroy();
        client.end();
      }
    },
    stall() { mode = 'stall'; },
    tamper() { mode = 'tamper'; },
    replay() { mode = 'replay'; },
    pass() { mode = 'pass'; },
    close() {
      for (const { client, upstream } of open) {
        client.destroy();
        upstream.destroy();
      }
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
