import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultGenerationSettings } from '../../src/chat/chat-service.ts';
import { Engine, type EmbedderStatus } from '../../src/engine/engine.ts';
import { writeLlamaGguf } from '../../src/models/gguf/write-llama-gguf.ts';
import { demoModelPath, writeEndlessModel } from '../helpers/models.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const engines: Engine[] = [];

function startEngine() {
  const embedderStates: EmbedderStatus['state'][] = [];
  const engine = new Engine({
    threads: 1,
    memory: { get: () => undefined, set: () => {} },
    onStatus: () => {},
    onEmbedderStatus: (status) => embedderStates.push(status.state),
  });
  engines.push(engine);
  return { engine, embedderStates };
}

afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

const length = (vector: Float32Array) => Math.hypot(...vector);
const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, index) => sum + value * b[index]!, 0);

async function errorCode(promise: Promise<unknown>): Promise<string | null> {
  return promise.then(
    () => null,
    (error: { code: string }) => error.code,
  );
}

const storyLines = Array.from({ length: 20 }, (_, index) => `Story ${index}: Lily found ${index + 1} red balls in the park and shared them.`);

describe('embeddings in the inference worker', () => {
  it('embeds with stories260K: 64 unit-length dimensions, same text same vector, a batch in order', async () => {
    const { engine, embedderStates } = startEngine();
    await expect(errorCode(engine.embed(['too early']))).resolves.toBe('EMBEDDER_NOT_READY');

    const status = await engine.loadEmbedder(demoModelPath);
    const size = fs.statSync(demoModelPath).size;
    expect(status).toMatchObject({ state: 'ready', dimensions: 64, contextSize: 2048, model: `stories260K.gguf:${size}`, error: null });
    expect(engine.embedderStatus).toEqual(status);
    expect(embedderStates).toEqual(['loading', 'ready']);

    const { vectors, truncated, model } = await engine.embed(['The cat sat on the mat.', 'The cat sat on the mat.', 'Tom ate a big green apple.']);
    expect(model).toBe(status.model);
    expect(truncated).toEqual([false, false, false]);
    for (const vector of vectors) {
      expect(vector).toHaveLength(64);
      expect(length(vector)).toBeCloseTo(1, 5);
    }
    expect(vectors[1]).toEqual(vectors[0]);
    expect(dot(vectors[0]!, vectors[2]!)).toBeLessThan(0.999);

    const batch = await engine.embed(storyLines);
    expect(batch.vectors).toHaveLength(20);
    expect(new Set(batch.vectors.map((vector) => vector.join())).size).toBe(20);
    // In order: each vector of the batch is the one its text gets alone.
    for (const index of [0, 7, 19]) {
      const alone = await engine.embed([storyLines[index]!]);
      expect(batch.vectors[index]).toEqual(alone.vectors[0]);
    }

    await expect(errorCode(engine.embed(['fine', '']))).resolves.toBe('INVALID_REQUEST');
  });

  it('embeds the beginning of a text longer than the context, and says it was truncated', async () => {
    const { engine } = startEngine();
    // A small context keeps this quick: a causal model's attention costs the square of the text's length.
    expect(await engine.loadEmbedder(demoModelPath, { contextSize: 256 })).toMatchObject({ state: 'ready', contextSize: 256 });
    const story = 'Once upon a time there was a little girl named Lily who loved to play outside in the sun. ';
    const long = story.repeat(200); // about 18 000 characters, far over 256 tokens
    const { vectors, truncated } = await engine.embed([long, story]);
    expect(truncated).toEqual([true, false]);
    expect(vectors[0]).toHaveLength(64);
    expect(length(vectors[0]!)).toBeCloseTo(1, 5);
    // Only the beginning counts: a text with the same first 256 tokens gets the same vector.
    expect((await engine.embed([long.slice(0, 5_000)])).vectors[0]).toEqual(vectors[0]);
    expect((await engine.embed([long.slice(0, 300)])).vectors[0]).not.toEqual(vectors[0]);
  });

  it('gives 384-dimensional vectors from a 384-wide model', async () => {
    const file = path.join(tempDir(), 'embed-384.gguf');
    await writeLlamaGguf(file, { width: 384, layers: 2, ffn: 512, heads: 6, vocabSize: 1000, contextLength: 512, type: 'q8_0' });
    const { engine } = startEngine();
    expect(await engine.loadEmbedder(file)).toMatchObject({ state: 'ready', dimensions: 384, contextSize: 512 });
    const { vectors, truncated } = await engine.embed(['A chunk of a document.', 'Another chunk, about something else.', 'x'.repeat(5000)]);
    expect(truncated).toEqual([false, false, true]);
    for (const vector of vectors) {
      expect(vector).toHaveLength(384);
      expect(length(vector)).toBeCloseTo(1, 5);
    }
  });

  it('embeds while a chat reply is being written', async () => {
    const { engine } = startEngine();
    await engine.load(await writeEndlessModel(tempDir()));
    await engine.loadEmbedder(demoModelPath);
    let replyTokens = 0;
    let replyDone = false;
    let embedStarted!: () => void;
    const firstToken = new Promise<void>((resolve) => (embedStarted = resolve));
    const { result } = engine.generate(
      { history: [], prompt: 'Tell a long story', settings: { ...defaultGenerationSettings, maxTokens: 400, temperature: 0, seed: 1 } },
      () => {
        replyTokens++;
        embedStarted();
      },
    );
    const reply = result.then((value) => {
      replyDone = true;
      return value;
    });
    await firstToken;
    const { vectors } = await engine.embed(storyLines.slice(0, 5));
    // The embeddings came back while the reply was still being written, not after it.
    expect(replyDone).toBe(false);
    expect(vectors).toHaveLength(5);
    const { stopped, stats } = await reply;
    expect(stopped).toBe(false);
    expect(stats.tokens).toBe(400);
    expect(replyTokens).toBeGreaterThan(1);
  });

  it('rejects embeddings in flight when the worker dies, then reloads both models in the new worker', async () => {
    const { engine, embedderStates } = startEngine();
    await engine.load(demoModelPath);
    await engine.loadEmbedder(demoModelPath);
    const before = await engine.embed([storyLines[3]!]);

    const chunk = 'Lily and Ben built a tall tower of blocks in the garden. '.repeat(21);
    const inFlight = engine.embed(Array.from({ length: 200 }, (_, index) => `${index} ${chunk}`));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const firstPid = engine.workerPid!;
    process.kill(firstPid, 'SIGKILL');
    const error = await inFlight.then(
      () => null,
      (failure: { code: string; message: string }) => failure,
    );
    expect(error?.code).toBe('EMBEDDING_INTERRUPTED');
    expect(error?.message).toMatch(/stopped while computing embeddings[\s\S]*SIGKILL/);
    expect(engine.workerPid).not.toBe(firstPid);

    // The next call waits for the embedder to load again in the new worker.
    const after = await engine.embed([storyLines[3]!]);
    expect(after.vectors[0]).toEqual(before.vectors[0]);
    expect(embedderStates.slice(-2)).toEqual(['loading', 'ready']);
    await expect.poll(() => engine.status.state, { timeout: 10_000 }).toBe('ready');
  });
});

describe('JSON under a JSON-schema grammar', () => {
  const factsSchema = {
    type: 'object',
    properties: { facts: { type: 'array', items: { type: 'string' } } },
    required: ['facts'],
  } as const;

  it('returns an object matching the schema from stories260K, within maxTokens', async () => {
    const { engine } = startEngine();
    expect(() => engine.generateJson({ prompt: 'x', schema: factsSchema, maxTokens: 10 })).toThrow(/No model is loaded/);
    await engine.load(demoModelPath);
    const prompt = 'Lily likes red balls and lives near the park. List facts about Lily.';
    const plain = await engine.generateJson({ prompt, systemPrompt: 'Answer with JSON.', schema: factsSchema, maxTokens: 300 }).result;
    expect(JSON.parse(plain.text)).toEqual(plain.value);
    expect(plain.value).toEqual({ facts: expect.any(Array) });
    expect(plain.tokens).toBeLessThanOrEqual(300);

    // stories260K leaves that list empty; a schema asking for 2 to 3 short facts makes it write strings.
    const someFacts = { ...factsSchema, properties: { facts: { type: 'array', items: { type: 'string', maxLength: 40 }, minItems: 2, maxItems: 3 } } } as const;
    const answers = new Set<string>();
    for (const seed of [1, 2, 3]) {
      const { value, text, tokens } = await engine.generateJson({ prompt, schema: someFacts, maxTokens: 300, temperature: 0.8, seed }).result;
      expect(JSON.parse(text)).toEqual(value);
      const { facts } = value as { facts: unknown[] };
      expect(facts.length).toBeGreaterThanOrEqual(2);
      expect(facts.length).toBeLessThanOrEqual(3);
      for (const fact of facts) {
        expect(typeof fact).toBe('string');
        expect((fact as string).length).toBeLessThanOrEqual(40);
      }
      expect(tokens).toBeLessThanOrEqual(300);
      answers.add(text);
    }
    expect(answers.size).toBeGreaterThan(1);
  });

  it('fails with JSON_INCOMPLETE when maxTokens cuts the JSON off, and the chat model still answers', async () => {
    const { engine } = startEngine();
    await engine.load(demoModelPath);
    const cut = engine.generateJson({ prompt: 'List facts.', schema: factsSchema, maxTokens: 2 });
    await expect(errorCode(cut.result)).resolves.toBe('JSON_INCOMPLETE');
    const { result } = engine.generate(
      { history: [], prompt: 'Once upon a time', settings: { ...defaultGenerationSettings, maxTokens: 10, temperature: 0, seed: 7 } },
      () => {},
    );
    expect((await result).stats.tokens).toBeGreaterThan(0);
  });
});
