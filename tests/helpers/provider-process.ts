/**
 * A real `npm run provider` process on 127.0.0.1 for tests, started
 * against a deployment file, stopped with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hex } from '../../src/market/morrpc/messages.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ProviderProcess {
  host: string;
  port: number;
  address: Hex;
  bidId: Hex;
  child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

export async function startProviderProcess(options: { deploymentFile: string; privateKey: Hex; args?: string[] }): Promise<ProviderProcess> {
  const child = spawn(process.execPath, [
    path.join(root, 'src/cli/provider.ts'), '--chain-config', options.deploymentFile, '--port', '0', '--threads', '1', ...(options.args ?? []),
  ], { cwd: root, env: { ...process.env, HEARTH_PROVIDER_KEY: options.privateKey }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const ready = await new Promise<{ host: string; port: number; address: Hex; bidId: Hex }>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{"ready"'));
      if (line) resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`the provider exited (${code}) before it was ready:\n${stderr}`)));
  });
  return {
    ...ready,
    child,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
