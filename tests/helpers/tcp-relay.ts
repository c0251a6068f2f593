/**
 * A TCP relay on a free 127.0.0.1 port in front of a real server: what a
 * client sends passes through unchanged and is kept, per connection, so a
 * test can read the exact bytes that left the client; `cut` ends every
 * open connection cleanly mid-stream, as a provider that goes away would.
 */
import net from 'node:net';

export interface TcpRelay {
  host: string;
  port: number;
  /** Each connection's bytes from the client, oldest first. */
  sent(): Buffer[];
  cut(): void;
  close(): Promise<void>;
}

export async function startTcpRelay(target: { host: string; port: number }): Promise<TcpRelay> {
  const sent: Buffer[][] = [];
  const open = new Set<{ client: net.Socket; upstream: net.Socket }>();
  const server = net.createServer((client) => {
    const chunks: Buffer[] = [];
    sent.push(chunks);
    const upstream = net.connect(target);
    const pair = { client, upstream };
    open.add(pair);
    for (const socket of [client, upstream]) socket.on('error', () => undefined);
    client.on('data', (chunk: Buffer) => chunks.push(chunk));
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => {
      open.delete(pair);
      upstream.destroy();
    });
    upstream.on('close', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    sent: () => sent.map((chunks) => Buffer.concat(chunks)),
    cut() {
      for (const { client, upstream } of open) {
        upstream.unpipe(client);
        upstream.destroy();
        client.end();
      }
    },
    close() {
      for (const { client, upstream } of open) {
        client.destroy();
        upstream.destroy();
      }
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
