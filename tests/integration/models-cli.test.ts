import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLlamaGguf } from '../../src/models/gguf/write-llama-gguf.ts';
import { startRangeFileServer, type RangeFileServer } from '../helpers/range-file-server.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const run = promisify(execFile);
const cli = path.resolve(import.meta.dirname, '../../src/cli/models.ts');
const tempDir = useTempDirs();
let sourceDir: string;
let modelFile: string;
let catalogFile: string;
let server: RangeFileServer;

beforeAll(async () => {
  sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-cli-source-'));
  modelFile = path.join(sourceDir, 'cli-q8.gguf');
  const written = await writeLlamaGguf(modelFile, { width: 256, layers: 2, ffn: 512, heads: 4, vocabSize: 1000, contextLength: 512, type: 'q8_0' });
  server = await startRangeFileServer(modelFile, 'cli-q8.gguf');
  catalogFile = path.join(sourceDir, 'catalog.json');
  fs.writeFileSync(catalogFile, JSON.stringify({
    version: 1,
    models: [{
      id: 'cli-q8', name: 'CLI test model', kind: 'chat', file: 'cli-q8.gguf', url: server.url, sizeBytes: written.bytes,
      sha256: createHash('sha256').update(fs.readFileSync(modelFile)).digest('hex'),
      source: { sha256: 'computed by this test', sizeBytes: 'computed by this test' }, licence: 'MIT', parametersBillions: 0.001,
      contextLength: 512, chatTemplate: 'chatml', quantization: 'Q8_0', minRamGiB: 0.1, minVramGiB: 0.1,
    }],
  }));
});

afterAll(async () => {
  await server.close();
  fs.rmSync(sourceDir, { recursive: true, force: true });
});

async function models(dataDir: string, ...args: string[]) {
  const env = { ...process.env, HEARTH_DATA_DIR: dataDir, HEARTH_CATALOG: catalogFile };
  return run(process.execPath, [cli, ...args], { env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('npm run models', () => {
  it('lists and recommends for this computer, pulls with a progress bar, and removes a catalogue model', async () => {
    const dataDir = tempDir();
    const before = await models(dataDir, 'list');
    expect(before.stdout).toMatch(/^This computer: .*RAM free\.$/m);
    expect(before.stdout).toMatch(/^ {2}cli-q8 .* sha256 known {2}(CPU|GPU), fast$/m);
    expect(before.stdout).toMatch(/^Recommended for this computer: cli-q8 \(.*\)\.$/m);

    const pulled = await models(dataDir, 'pull', 'cli-q8');
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toMatch(/^\[#{24}\] 100% {2}\d.* \/ .*\/s {2}ETA \d+:\d\d$/m);
    expect(pulled.stdout).toMatch(/Installed cli-q8 \(.*sha256 verified\)/);

    const after = await models(dataDir, 'list');
    expect(after.stdout).toMatch(/Installed in .*models:\n {2}cli-q8 .* Q8_0 {2}ctx 512 {2}MIT {2}verified/);

    expect((await models(dataDir, 'rm', 'cli-q8')).stdout).toMatch(/Removed cli-q8\.gguf/);
    expect((await models(dataDir, 'list')).stdout).toMatch(/\(none yet\)/);
  });

  it('imports a local GGUF through the inference worker', async () => {
    const dataDir = tempDir();
    const imported = await models(dataDir, 'import', modelFile);
    expect(imported.stdout).toMatch(/Imported cli-q8\.gguf \(.*, Q8_0, context 512\)/);
    expect(fs.existsSync(path.join(dataDir, 'models', 'cli-q8.gguf'))).toBe(true);
  });

  it('answers a failure with one sentence saying what to do, and a non-zero exit', async () => {
    const dataDir = tempDir();
    server.misbehave.status = 404;
    const failed = await models(dataDir, 'pull', 'cli-q8');
    delete server.misbehave.status;
    expect(failed.code).toBe(1);
    expect(failed.stderr.split('\n')[0]).toBe('The download address does not exist (HTTP 404). Update Hearth, or choose another model.');

    const unknown = await models(dataDir, 'rm', 'nothing-here');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^That model is not installed\./);

    const usage = await models(dataDir, 'fetch');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/Usage: npm run models/);
  });
});
