import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { writeLlamaGguf } from '../../src/models/gguf/write-llama-gguf.ts';
import { demoModelPath, writeAbortingModel, writeTruncatedModel } from '../helpers/models.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const engines: Engine[] = [];

function startEngine(): Engine {
  const engine = new Engine({ threads: 1, memory: { get: () => undefined, set: () => undefined }, onStatus: () => undefined });
  engines.push(engine);
  return engine;
}

afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

describe('inspecting a model file in the inference worker', () => {
  it('reports the GPU and the memory llama.cpp sees', async () => {
    const machine = await startEngine().detectHardware();
    expect(machine.ramTotalBytes).toBeGreaterThan(machine.ramFreeBytes);
    expect(machine.ramFreeBytes).toBeGreaterThan(0);
    expect(machine.gpu === false || typeof machine.gpu === 'string').toBe(true);
    expect(machine.vramFreeBytes).toBeLessThanOrEqual(machine.vramTotalBytes);
  });

  it('reads architecture, quantization and context length, and leaves the loaded model usable', async () => {
    const engine = startEngine();
    await engine.load(demoModelPath);
    const file = path.join(tempDir(), 'shape.gguf');
    const written = await writeLlamaGguf(file, {
      width: 64, layers: 1, ffn: 128, heads: 4, vocabSize: 300, contextLength: 640, type: 'q8_0',
    });
    expect(await engine.inspect(file)).toEqual({
      name: 'hearth-random-llama-64x1-q8_0', architecture: 'llama', quantization: 'Q8_0', contextLength: 640, licence: null,
      sizeBytes: written.bytes,
    });
    expect(engine.status.state).toBe('ready');
  });

  it('reports a file that is not GGUF, a truncated one and one that aborts the worker, and lives on', async () => {
    const dir = tempDir();
    const engine = startEngine();
    await engine.load(demoModelPath);
    const notGguf = path.join(dir, 'notes.gguf');
    fs.writeFileSync(notGguf, 'just some text');
    const codeOf = (file: string) => engine.inspect(file).then(() => 'inspected', (error: { code: string }) => error.code);
    expect(await codeOf(notGguf)).toBe('MODEL_NOT_GGUF');
    expect(await codeOf(writeTruncatedModel(dir))).toBe('MODEL_INVALID');
    expect(await codeOf(await writeAbortingModel(dir))).toBe('MODEL_CRASHED');
    expect((await engine.inspect(demoModelPath)).architecture).toBe('llama');
  });
});
