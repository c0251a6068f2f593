/**
 * The numbers of the GGUF v3 file format that the writer needs: value type
 * ids, ggml tensor type ids and their block layouts. Plain objects (not
 * enums) because the project allows only erasable TypeScript.
 */

export const GGUF_MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
export const GGUF_VERSION = 3;
export const GGUF_DEFAULT_ALIGNMENT = 32;

/** Metadata value types, as stored before every value. */
export const valueType = {
  uint8: 0,
  int8: 1,
  uint16: 2,
  int16: 3,
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
  uint64: 10,
  int64: 11,
  float64: 12,
} as const;

export type TensorType = 'f32' | 'f16' | 'q8_0';

/**
 * Per tensor type: its ggml id, how many values one block holds and how many
 * bytes that block takes. Q8_0 is an f16 scale followed by 32 int8 values.
 */
export const tensorTypes = {
  f32: { ggmlType: 0, blockValues: 1, blockBytes: 4 },
  f16: { ggmlType: 1, blockValues: 1, blockBytes: 2 },
  q8_0: { ggmlType: 8, blockValues: 32, blockBytes: 34 },
} as const satisfies Record<TensorType, { ggmlType: number; blockValues: number; blockBytes: number }>;

/** `general.file_type`: what most tensors in the file are stored as. */
export const fileTypes = { f32: 0, f16: 1, q8_0: 7 } as const satisfies Record<TensorType, number>;

/** `tokenizer.ggml.token_type` values. */
export const tokenKind = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

/** Bytes `count` values of `type` take on disk; `count` must be whole blocks. */
export function tensorBytes(type: TensorType, count: number): number {
  const { blockValues, blockBytes } = tensorTypes[type];
  return (count / blockValues) * blockBytes;
}

export function alignUp(offset: number, alignment: number): number {
  return Math.ceil(offset / alignment) * alignment;
}
