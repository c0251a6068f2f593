/**
 * The benchmark's model: generated once (random weights run as fast as
 * trained ones of the same shape) and reused while its size still matches
 * the plan, so a changed shape or a damaged file is written again.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { planLlamaGguf, writeLlamaGguf, type LlamaGgufOptions } from '../../src/models/gguf/write-llama-gguf.ts';

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
