/**
 * `npm start` where Electron's binary cannot be downloaded: one sentence
 * pointing to `npm run serve`, a failing exit status, and quickly. The
 * download is forced (an empty override folder) and pointed at a closed
 * local port, so this behaves the same with or without internet, and
 * whether or not Electron was installed before.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp-dir.ts';

const script = path.resolve(import.meta.dirname, '..', '..', 'electron', 'ensure-electron.ts');

function runEnsure(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output, ms: Date.now() - started })));
}

describe('starting the desktop app where Electron cannot be downloaded', () => {
  const tempDir = useTempDirs();

  it('says in one sentence to use npm run serve, and exits with a failure within seconds', async () => {
    const env: NodeJS.ProcessEnv = {};
    // npm's own electron_* settings would take precedence over ELECTRON_MIRROR.
    for (const [key, value] of Object.entries(process.env)) {
      if (!/^npm_(package_)?config_electron_/i.test(key)) env[key] = value;
    }
    Object.assign(env, {
      ELECTRON_MIRROR: 'http://127.0.0.1:9/',
      ELECTRON_OVERRIDE_DIST_PATH: tempDir(),
      electron_config_cache: tempDir(),
    });

    const { code, output, ms } = await runEnsure(env);

    expect(code).not.toBe(0);
    const lines = output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Electron could not be installed on this machine\b.*; run `npm run serve` to use Hearth in your browser\.$/);
    expect(output).not.toMatch(/\n\s+at /);
    expect(ms).toBeLessThan(15_000);
  });
});
