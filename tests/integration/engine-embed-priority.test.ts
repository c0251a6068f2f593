/**
 * A question's embedding goes ahead of the document batches that ingestion
 * queued before it; those batches still come back whole, in order, each
 * labelled with the model that embedded it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { writeLlamaGguf } from '../../src/models/gguf/write-llama-gguf.ts';
import { demoModelPath } from '../helpers/models.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const engines: Engine[] = [];

function startEngine(): Engine {
  const engine = new Engine({ threads: 1, memory: { get: () => undefined, set: () => {} }, onStatus: () => {} });
  engines.push(engine);
  return engine;
}

afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

const chunk = 'Lily and Ben built a tall tower of blocks in the garden, and the wind blew it down. '.repeat(6);
const batchOf = (name: string) => Array.from({ length: 4 }, (_, index) => `${name}, part ${index}: ${chunk}`);

describe('embedding priority', () => {
  it('answers a question before the background batches queued ahead of it, and each batch as if it were embedded alone', async () => {
    const engine = startEngine();
    await engine.loadEmbedder(demoModelPath);
    const finished: string[] = [];
    const track = <T,>(name: string, promise: Promise<T>) =>
      promise.then((value) => {
        finished.push(name);
        return value;
      });

    const batches = ['first', 'second', 'third'].map((name) => track(name, engine.embed(batchOf(name), { priority: 'background' })));
    const question = track('question', engine.embed(['Who built the tower?']));
    const [first, second, third] = await Promise.all(batches);
    await question;

    expect(finished).toEqual(['question', 'first', 'second', 'third']);
    const alone = await engine.embed(batchOf('second'));
    expect(second!.vectors).toEqual(alone.vectors);
    expect(second!.model).toBe(alone.model);
    expect([first, third].map((batch) => batch!.vectors.length)).toEqual([4, 4]);
  });

  it('labels each background batch with the model that embedded it when the embedding model changes between them', async () => {
    const wider = path.join(tempDir(), 'embed-128.gguf');
    await writeLlamaGguf(wider, { width: 128, layers: 2, ffn: 256, heads: 4, vocabSize: 1000, contextLength: 512, type: 'q8_0' });
    const engine = startEngine();
    const demo = await engine.loadEmbedder(demoModelPath);

    const first = engine.embed(batchOf('first'), { priority: 'background' });
    const second = engine.embed(batchOf('second'), { priority: 'background' });
    // The first batch is in the worker now; the second waits for its turn, and so for the new model.
    await new Promise((resolve) => setImmediate(resolve));
    const loaded = await engine.loadEmbedder(wider);

    const shapes = (await Promise.all([first, second])).map(({ vectors, model }) => ({ model, dimensions: [...new Set(vectors.map((vector) => vector.length))] }));
    expect(shapes).toEqual([
      { model: demo.model, dimensions: [64] },
      { model: loaded.model, dimensions: [128] },
    ]);
    expect(loaded.model).toBe(`embed-128.gguf:${fs.statSync(wider).size}`);
  });
});
