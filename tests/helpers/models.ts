import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { planLlamaGguf, writeLlamaGguf } from '../../src/models/gguf/write-llama-gguf.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The bundled demo model: a real trained llama (stories260K). */
export const demoModelPath = path.join(root, 'models', 'stories260K.gguf');

/** A well-formed GGUF missing a key llama.cpp asserts on: loading it aborts the process. */
export async function writeAbortingModel(dir: string): Promise<string> {
  const file = path.join(dir, 'aborts.gguf');
  await writeLlamaGguf(file, {
    width: 64, layers: 1, ffn: 128, heads: 4, vocabSize: 300, contextLength: 256, type: 'f32',
    omitKeys: ['llama.attention.head_count'],
  });
  return file;
}

/** Random weights rarely produce end-of-text, so replies from this model run until maxTokens. */
export async function writeEndlessModel(dir: string): Promise<string> {
  const file = path.join(dir, 'endless.gguf');
  await writeLlamaGguf(file, {
    width: 256, layers: 4, ffn: 512, heads: 4, vocabSize: 1000, contextLength: 4096, type: 'q8_0',
  });
  return file;
}

/** The first `fraction` of the demo model: a GGUF cut off mid-download. */
export function writeTruncatedModel(dir: string, fraction = 0.5): string {
  const file = path.join(dir, 'truncated.gguf');
  const bytes = fs.readFileSync(demoModelPath);
  fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * fraction)));
  return file;
}

/** Its declared context, 4M tokens: the KV cache for all of it needs 128 GiB of memory. */
export const hugeContextLength = 2 ** 22;

/** A small model (10 MB) whose full context cannot fit in this machine's memory. */
export async function writeHugeContextModel(dir: string): Promise<string> {
  const file = path.join(dir, 'huge-context.gguf');
  await writeLlamaGguf(file, {
    width: 256, layers: 32, ffn: 512, heads: 4, vocabSize: 1000, contextLength: hugeContextLength, type: 'q8_0',
  });
  return file;
}

/**
 * A well-formed GGUF whose weights are twice this machine's memory: the
 * header is real, the tensor data a sparse run of zeros that takes no disk.
 */
export function writeModelLargerThanMemory(dir: string): string {
  const file = path.join(dir, 'larger-than-memory.gguf');
  const bytesPerLayer = 7 * 8192 * 8192 * 4;
  const layers = Math.ceil((2 * os.totalmem()) / bytesPerLayer);
  const plan = planLlamaGguf({ width: 8192, layers, ffn: 8192, heads: 64, vocabSize: 300, contextLength: 4096, type: 'f32' });
  const handle = fs.openSync(file, 'w');
  fs.writeSync(handle, plan.header);
  fs.ftruncateSync(handle, plan.bytes);
  fs.closeSync(handle);
  return file;
}
