/**
 * The benchmark's model: generated once (random weights run as fast as
 * trained ones of the same shape) and reused while its size still matches
 * the plan, so a changed shape or a damaged file is written again.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { planLlamaGguf, writeLlamaGguf, type LlamaGgufOptions } from '../../src/models/gguf/write-llama-gguf.ts';

/** The benchmarks' model: 134M parameters, the shape measured in the environment notes (~110 tok/s on one thread). */
export const benchModelShape = { width: 768, layers: 12, ffn: 2048, heads: 12, vocabSize: 32_000, contextLength: 2048, type: 'q8_0', seed: 1 } as const;
export const benchModelFile = 'llama-134m-q8_0.gguf';

export interface BenchModel {
  path: string;
  bytes: number;
  parameters: number;
  /** Seconds the generation took, or null when an existing file was reused. */
  generatedInSeconds: number | null;
}

export async function ensureBenchModel(path: string, options: LlamaGgufOptions): Promise<BenchModel> {
  const plan = planLlamaGguf(options);
  const existing = await stat(path).catch(() => undefined);
  if (existing?.size === plan.bytes) {
    return { path, bytes: plan.bytes, parameters: plan.layout.parameters, generatedInSeconds: null };
  }
  await mkdir(dirname(path), { recursive: true });
  const started = performance.now();
  const written = await writeLlamaGguf(path, options);
  return { ...written, generatedInSeconds: (performance.now() - started) / 1000 };
}
