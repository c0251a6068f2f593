import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LlamaChatSession, LlamaLogLevel, getLlama, type Llama, type LlamaModel } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLlamaGguf } from '../../src/models/gguf/write-llama-gguf.ts';

// A well-formed generated model is safe to load in-process; the malformed
// (omitKeys) variant aborts the process and is only loaded in child processes.
// 2049 tokens put the output tensors' ends off the 32-byte alignment, so
// llama.cpp itself checks the writer's padding.
const shape = { width: 64, layers: 2, ffn: 128, heads: 4, vocabSize: 2049, contextLength: 1024, type: 'q8_0', seed: 3 } as const;

let dir: string;
let llama: Llama;
let model: LlamaModel;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hearth-generated-'));
  const { path } = await writeLlamaGguf(join(dir, 'tiny-q8_0.gguf'), shape);
  llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
  model = await llama.loadModel({ modelPath: path });
});

afterAll(async () => {
  await model?.dispose();
  await llama?.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function reply(prompt: string): Promise<{ text: string; tokens: number }> {
  const context = await model.createContext({ contextSize: 1024, threads: 1 });
  try {
    const session = new LlamaChatSession({ contextSequence: context.getSequence() });
    let tokens = 0;
    const text = await session.prompt(prompt, { temperature: 0, seed: 1, maxTokens: 24, onToken: (chunk) => void (tokens += chunk.length) });
    return { text, tokens };
  } finally {
    await context.dispose();
  }
}

describe('a generated q8_0 model in node-llama-cpp', () => {
  it('writes a full-length reply, the same one every time at temperature 0', async () => {
    const first = await reply('Hello, who are you?');
    const second = await reply('Hello, who are you?');
    expect(first.tokens).toBe(24);
    expect(first.text.trim().length).toBeGreaterThan(0);
    expect(second.text).toBe(first.text);
  });

  it('gives finite embeddings as long as the model is wide', async () => {
    const context = await model.createEmbeddingContext({ threads: 1 });
    try {
      const { vector } = await context.getEmbeddingFor('a warm fire in the hearth');
      expect(vector).toHaveLength(shape.width);
      expect(vector.every(Number.isFinite)).toBe(true);
      expect(vector.some((v) => v !== 0)).toBe(true);
    } finally {
      await context.dispose();
    }
  });
});
