/**
 * Writes a llama-architecture GGUF v3 model with random weights: the same
 * speed as a trained model of that shape, for benchmarks and tests. Tensor
 * data is streamed to disk a chunk at a time, into a temporary file renamed
 * into place at the end, so a half-written model never sits at `path`.
 */
import { open, rename, rm } from 'node:fs/promises';
import { alignUp, tensorBytes } from './format.ts';
import { encodeGgufHeader, type TensorEntry } from './gguf-header.ts';
import { planLlamaLayout, type LlamaGgufOptions, type LlamaLayout } from './llama-layout.ts';
import { RandomFill } from './random-fill.ts';
import { tensorChunks } from './tensor-data.ts';

export { GgufOptionsError, type LlamaGgufOptions } from './llama-layout.ts';

export interface WrittenModel {
  path: string;
  bytes: number;
  parameters: number;
}

export interface LlamaGgufPlan {
  layout: LlamaLayout;
  header: Buffer;
  tensors: TensorEntry[];
  /** Where the tensor data section starts (the header, padded to the alignment). */
  dataOffset: number;
  /** Size of the whole file. */
  bytes: number;
}

/** Everything about the file except the tensor bytes; throws GgufOptionsError for impossible shapes. */
export function planLlamaGguf(options: LlamaGgufOptions): LlamaGgufPlan {
  const layout = planLlamaLayout(options);
  let offset = 0;
  const tensors = layout.tensors.map((spec): TensorEntry => {
    const entry = { name: spec.name, dims: spec.dims, type: spec.type, offset };
    offset = alignUp(offset + tensorBytes(spec.type, valueCount(spec.dims)), layout.alignment);
    return entry;
  });
  const header = encodeGgufHeader(layout.metadata, tensors);
  const dataOffset = alignUp(header.length, layout.alignment);
  const last = tensors.at(-1)!;
  const bytes = dataOffset + last.offset + tensorBytes(last.type, valueCount(last.dims));
  return { layout, header, tensors, dataOffset, bytes };
}

export async function writeLlamaGguf(path: string, options: LlamaGgufOptions): Promise<WrittenModel> {
  const plan = planLlamaGguf(options);
  const temporary = `${path}.${process.pid}.partial`;
  const file = await open(temporary, 'w');
  try {
    let position = 0;
    const write = async (buffer: Buffer): Promise<void> => {
      await file.write(buffer, 0, buffer.length, position);
      position += buffer.length;
    };
    await write(plan.header);
    const random = new RandomFill(options.seed ?? 1);
    for (const [index, spec] of plan.layout.tensors.entries()) {
      const start = plan.dataOffset + plan.tensors[index]!.offset;
      if (start > position) await write(Buffer.alloc(start - position));
      for (const chunk of tensorChunks(spec.type, valueCount(spec.dims), spec.fill, random, spec.zeroValues)) await write(chunk);
    }
    await file.close();
    await rename(temporary, path);
    return { path, bytes: position, parameters: plan.layout.parameters };
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

function valueCount(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}
