/**
 * A Hardhat node (the local dev chain, chain id 31337) as a child process
 * on 127.0.0.1, ready when it answers eth_chainId. Runs Hardhat with the
 * repository's hardhat.config.cjs, under this same (the project's pinned) Node.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { HearthError } from '../../api/errors.ts';

export interface HardhatNode {
  rpcUrl: string;
  port: number;
  /** Ends the node and waits until it has exited. */
  stop(): Promise<void>;
}

const repoRoot = path.resolve(import.meta.dirname, '../../..');

/** A port the OS just handed out on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

async function answersChainId(rpcUrl: string): Promise<boolean> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    });
    return response.ok;
  } catch {
    return false;
  }
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
}

/**
 * @param port 0 (the default) picks a free one
 * @param log receives the node's output lines (it logs every RPC call)
 */
export async function startHardhatNode(options: { port?: number; log?: (line: string) => void; timeoutMs?: number } = {}): Promise<HardhatNode> {
  const port = options.port || (await freePort());
  const rpcUrl = `http://127.0.0.1:${port}`;
  const hardhatCli = createRequire(import.meta.url).resolve('hardhat/internal/cli/bootstrap.js');
  const child = spawn(process.execPath, [hardhatCli, 'node', '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: repoRoot,
    env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
    if (options.log) for (const line of chunk.toString().split('\n')) if (line.trim()) options.log(line);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const stop = stopper(child);

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (!(await answersChainId(rpcUrl))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new HearthError('CHAIN_UNREACHABLE', { message: 'The local dev chain (Hardhat) did not start.', action: 'Read Hardhat\u2019s output in the details, fix what it says, then start the chain again.', details: `${rpcUrl}:\n${output}` });
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return { rpcUrl, port, stop };
}
