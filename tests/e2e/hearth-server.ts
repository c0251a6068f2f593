/**
 * Starts and stops real Hearth hosts (`src/cli/serve.ts`) for end-to-end
 * tests: each on a free port on 127.0.0.1, with its own fresh data folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The project's pinned Node 24; the system Node is too old. */
export const projectNode = path.join(repoRoot, 'node_modules', '.bin', 'node');

const readyLine = /Hearth is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/;

export interface RunningHearth {
  url: string;
  dataDir: string;
  /** Everything the host printed so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  modelPath?: string;
  threads?: number;
  /** How long to wait for the "Hearth is running at" line. */
  startTimeoutMs?: number;
  /** Extra environment, e.g. HEARTH_CATALOG for a test catalogue. */
  env?: Record<string, string>;
  /** Unlocks the data at start (HEARTH_PASSPHRASE); null leaves it to the page, as a user sees it. */
  passphrase?: string | null;
  /** An existing data folder (kept by the caller) instead of a fresh one. */
  dataDir?: string;
}

export const e2ePassphrase = 'end to end passphrase';

/** Builds the renderer into dist/renderer with vite (once per test run). */
export function buildRenderer(): void {
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(projectNode, [vite, 'build', '--logLevel', 'warn'], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`vite build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** A fresh temporary folder, removed by the caller. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startHearth(options: StartOptions = {}): Promise<RunningHearth> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? tempDir('hearth-e2e-data-');
  const env: NodeJS.ProcessEnv = { ...process.env, HEARTH_DATA_DIR: dataDir, HEARTH_THREADS: String(options.threads ?? 1), ...options.env };
  delete env.HEARTH_MODEL;
  delete env.HEARTH_PORT;
  const passphrase = options.passphrase === undefined ? e2ePassphrase : options.passphrase;
  if (passphrase === null) delete env.HEARTH_PASSPHRASE;
  else env.HEARTH_PASSPHRASE = passphrase;
  const removeDataDir = () => {
    if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const args = [path.join(repoRoot, 'src', 'cli', 'serve.ts'), '--port', '0'];
  if (options.modelPath !== undefined) args.push('--model', options.modelPath);

  // Its own process group, so the inference worker goes down with it.
  const child = spawn(projectNode, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));

  const url = await new Promise<string>((resolve, reject) => {
    const timeoutMs = options.startTimeoutMs ?? 60_000;
    const timer = setTimeout(() => finish(new Error(`Hearth did not start within ${timeoutMs} ms. Output:\n${output}`)), timeoutMs);
    const onData = () => {
      const match = readyLine.exec(output);
      if (match?.[1] !== undefined) finish(null, match[1]);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      finish(new Error(`Hearth exited before it was ready (code ${code}, signal ${signal}). Output:\n${output}`));
    function finish(error: Error | null, value?: string) {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      if (error !== null || value === undefined) reject(error ?? new Error('no URL'));
      else resolve(value);
    }
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  }).catch(async (error: unknown) => {
    await stopProcess(child);
    removeDataDir();
    throw error;
  });

  return {
    url,
    dataDir,
    output: () => output,
    async stop() {
      await stopProcess(child);
      removeDataDir();
    },
  };
}

/** SIGTERM (Hearth closes cleanly), then SIGKILL to the whole group if it lingers. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
    await exited;
  }
}

/**
 * A randomly weighted llama model large enough to write slowly (tens of
 * tokens a second on one thread), so stopping a reply is not a race. Random
 * weights rarely produce end-of-text, so its replies run long.
 */
export function generateSlowModel(dir: string): string {
  const out = path.join(dir, 'slow.gguf');
  const args = [
    path.join(repoRoot, 'src', 'cli', 'generate-model.ts'),
    '--out', out,
    '--width', '1024',
    '--layers', '12',
    '--ffn', '2816',
    '--heads', '16',
    '--vocab', '4000',
    '--context', '4096',
    '--type', 'q8_0',
  ];
  const result = spawnSync(projectNode, args, { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`generate-model failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return out;
}
