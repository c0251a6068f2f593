import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import type { Catalog, CatalogEntry } from '../../src/models/catalog/catalog-schema.ts';
import { writeLlamaGguf } from '../../src/models/gguf/write-llama-gguf.ts';
import { ModelLibrary } from '../../src/models/library/model-library.ts';
import { writeAbortingModel } from '../helpers/models.ts';
import { startRangeFileServer, type RangeFileServer } from '../helpers/range-file-server.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
let sourceDir: string;
let modelFile: string;
let server: RangeFileServer;
let engine: Engine;
let entry: CatalogEntry;

beforeAll(async () => {
  sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-library-source-'));
  modelFile = path.join(sourceDir, 'tiny-q8.gguf');
  const written = await writeLlamaGguf(modelFile, { width: 64, layers: 1, ffn: 128, heads: 4, vocabSize: 300, contextLength: 640, type: 'q8_0' });
  server = await startRangeFileServer(modelFile, 'tiny-q8.gguf');
  entry = {
    id: 'tiny-q8', name: 'Tiny test model (Q8_0)', kind: 'chat', file: 'tiny-q8.gguf', url: server.url,
    sizeBytes: written.bytes, sha256: createHash('sha256').update(fs.readFileSync(modelFile)).digest('hex'),
    source: { sha256: 'computed by this test', sizeBytes: 'computed by this test' }, licence: 'MIT', parametersBillions: 0.0001,
    contextLength: 640, chatTemplate: 'chatml', quantization: 'Q8_0', minRamGiB: 0.1, minVramGiB: 0.1,
  };
  engine = new Engine({ threads: 1, memory: { get: () => undefined, set: () => undefined }, onStatus: () => undefined });
});

afterAll(async () => {
  await engine.close();
  await server.close();
  fs.rmSync(sourceDir, { recursive: true, force: true });
});

function library(models: CatalogEntry[] = [entry]): ModelLibrary {
  const catalog: Catalog = { version: 1, models };
  return new ModelLibrary({
    dir: path.join(tempDir(), 'models'), catalog, inspect: (file) => engine.inspect(file),
    downloadOptions: { retryDelayMs: 0, stallMs: 400 },
  });
}

describe('the installed models', () => {
  it('lists a downloaded catalogue model with its size, quantization, context and licence, and removes it', async () => {
    const models = library();
    expect(await models.list()).toEqual([]);
    const pulled = await models.pull('tiny-q8');
    expect(pulled).toMatchObject({
      id: 'tiny-q8', name: 'Tiny test model (Q8_0)', sizeBytes: entry.sizeBytes, quantization: 'Q8_0', contextLength: 640,
      licence: 'MIT', origin: 'catalogue', verified: true,
    });
    server.requests.length = 0;
    expect(await models.pull('tiny-q8')).toEqual(pulled);
    expect(server.requests).toEqual([]);

    await models.remove('tiny-q8');
    expect(await models.list()).toEqual([]);
    expect(fs.existsSync(pulled.path)).toBe(false);
    await expect(models.remove('tiny-q8')).rejects.toMatchObject({ code: 'MODEL_NOT_INSTALLED' });
  });

  it('lists nothing after a failed or interrupted download', async () => {
    const wrongHash = library([{ ...entry, sha256: '0'.repeat(64) }]);
    await expect(wrongHash.pull('tiny-q8')).rejects.toMatchObject({ code: 'DOWNLOAD_HASH_MISMATCH' });
    expect(await wrongHash.list()).toEqual([]);

    const stalled = library();
    server.misbehave.stallAtByte = 100;
    await expect(stalled.pull('tiny-q8')).rejects.toMatchObject({ code: 'DOWNLOAD_STALLED' });
    delete server.misbehave.stallAtByte;
    expect(await stalled.list()).toEqual([]);
    expect(fs.readdirSync(stalled.dir)).toContain('tiny-q8.gguf.partial');
  });

  it('imports a local GGUF after the worker inspected it, with what the file says about itself', async () => {
    const models = library([]);
    const imported = await models.import(modelFile);
    expect(imported).toMatchObject({
      id: 'tiny-q8.gguf', name: 'hearth-random-llama-64x1-q8_0', quantization: 'Q8_0', contextLength: 640, origin: 'import', verified: false,
    });
    expect(await models.list()).toEqual([imported]);
    await expect(models.import(modelFile)).rejects.toMatchObject({ code: 'MODEL_ALREADY_INSTALLED' });
  });

  it('refuses to import a file that crashes the worker, lists nothing, and the worker lives on', async () => {
    const models = library([]);
    await expect(models.import(await writeAbortingModel(tempDir()))).rejects.toMatchObject({ code: 'MODEL_CRASHED' });
    expect(await models.list()).toEqual([]);
    expect((await models.import(modelFile)).quantization).toBe('Q8_0');
  });
});
