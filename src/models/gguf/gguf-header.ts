/**
 * Encodes the part of a GGUF v3 file before the tensor data: magic, version,
 * counts, metadata key/values and tensor descriptions, all little-endian.
 * The result is small (the vocabulary dominates), so it is built in memory.
 */
import { GGUF_MAGIC, GGUF_VERSION, tensorTypes, valueType, type TensorType } from './format.ts';
import type { MetadataValue } from './llama-layout.ts';

export interface TensorEntry {
  name: string;
  dims: readonly number[];
  type: TensorType;
  /** Offset from the start of the tensor data section; must be aligned. */
  offset: number;
}

/** Appends little-endian values to a list of buffers. */
class ByteWriter {
  readonly parts: Buffer[] = [];
  length = 0;

  #push(buffer: Buffer): void {
    this.parts.push(buffer);
    this.length += buffer.length;
  }
  u32(value: number): void {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32LE(value);
    this.#push(b);
  }
  i32(value: number): void {
    const b = Buffer.allocUnsafe(4);
    b.writeInt32LE(value);
    this.#push(b);
  }
  u64(value: number): void {
    const b = Buffer.allocUnsafe(8);
    b.writeBigUInt64LE(BigInt(value));
    this.#push(b);
  }
  f32(value: number): void {
    const b = Buffer.allocUnsafe(4);
    b.writeFloatLE(value);
    this.#push(b);
  }
  u8(value: number): void {
    this.#push(Buffer.from([value]));
  }
  string(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.u64(bytes.length);
    this.#push(bytes);
  }
}

export function encodeGgufHeader(metadata: ReadonlyMap<string, MetadataValue>, tensors: readonly TensorEntry[]): Buffer {
  const out = new ByteWriter();
  out.u32(GGUF_MAGIC);
  out.u32(GGUF_VERSION);
  out.u64(tensors.length);
  out.u64(metadata.size);
  for (const [key, entry] of metadata) {
    out.string(key);
    writeValue(out, entry);
  }
  for (const tensor of tensors) {
    out.string(tensor.name);
    out.u32(tensor.dims.length);
    for (const dim of tensor.dims) out.u64(dim);
    out.u32(tensorTypes[tensor.type].ggmlType);
    out.u64(tensor.offset);
  }
  return Buffer.concat(out.parts, out.length);
}

function writeValue(out: ByteWriter, entry: MetadataValue): void {
  switch (entry.kind) {
    case 'string':
      out.u32(valueType.string);
      return out.string(entry.value);
    case 'uint32':
      out.u32(valueType.uint32);
      return out.u32(entry.value);
    case 'float32':
      out.u32(valueType.float32);
      return out.f32(entry.value);
    case 'bool':
      out.u32(valueType.bool);
      return out.u8(entry.value ? 1 : 0);
    case 'string[]':
      writeArrayHead(out, valueType.string, entry.value.length);
      for (const item of entry.value) out.string(item);
      return;
    case 'float32[]':
      writeArrayHead(out, valueType.float32, entry.value.length);
      for (const item of entry.value) out.f32(item);
      return;
    case 'int32[]':
      writeArrayHead(out, valueType.int32, entry.value.length);
      for (const item of entry.value) out.i32(item);
      return;
  }
}

function writeArrayHead(out: ByteWriter, itemType: number, count: number): void {
  out.u32(valueType.array);
  out.u32(itemType);
  out.u64(count);
}
