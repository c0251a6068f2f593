/**
 * Binary codes of one vector size, held in WebAssembly memory and searched
 * by a full scan of Hamming distances (hamming.wat, SIMD): 1M 384-d codes
 * are 48 MB and one scan takes about 5 ms on one core here, exact over the
 * codes, with no index to build or keep in shape. Each code keeps one bit
 * per dimension, the sign of the normalised vector's component.
 */
import { hammingWasmBase64 } from './hamming-wasm.ts';

interface HammingExports {
  memory: WebAssembly.Memory;
  scan(codes: number, count: number, stride: number, query: number, distances: number, histogram: number): void;
  collect(distances: number, count: number, threshold: number, ties: number, out: number): number;
}

const hammingModule = new WebAssembly.Module(Buffer.from(hammingWasmBase64, 'base64'));
const PAGE_BYTES = 65_536;
/** The most candidates one scan returns. */
export const MAX_NEAREST = 4096;
const INITIAL_CAPACITY = 1024;

/** The sign bits of `vector`: bit i (byte i >> 3, least significant first) is set when component i is positive. */
export function binaryCode(vector: Float32Array): Uint8Array {
  const code = new Uint8Array(Math.ceil(vector.length / 8));
  for (let i = 0; i < vector.length; i++) if (vector[i]! > 0) code[i >> 3]! |= 1 << (i & 7);
  return code;
}

export function createHammingScan(dimensions: number) {
  const codeBytes = Math.ceil(dimensions / 8);
  // Codes are padded with zeros to whole 16-byte SIMD lanes; padding bits never differ.
  const stride = Math.ceil(codeBytes / 16) * 16;
  const wasm = new WebAssembly.Instance(hammingModule).exports as unknown as HammingExports;
  const queryAt = 0;
  const histogramAt = stride;
  const outAt = histogramAt + 4 * (dimensions + 1);
  const codesAt = outAt + 4 * MAX_NEAREST;
  let capacity = 0;
  let size = 0;
  let ids = new Float64Array(0);

  const distancesAt = () => codesAt + capacity * stride;
  const bytes = () => new Uint8Array(wasm.memory.buffer);

  function reserve(wanted: number): void {
    if (wanted <= capacity) return;
    const next = Math.max(wanted, capacity * 2, INITIAL_CAPACITY);
    const needed = codesAt + next * (stride + 2);
    const have = wasm.memory.buffer.byteLength;
    if (needed > have) wasm.memory.grow(Math.ceil((needed - have) / PAGE_BYTES));
    const grown = new Float64Array(next);
    grown.set(ids.subarray(0, size));
    ids = grown;
    capacity = next;
  }

  return {
    dimensions,
    codeBytes,
    get size(): number {
      return size;
    },
    /** Adds codes (`codeBytes` each, back to back) for these chunk ids; the caller removes an id before adding it again. */
    append(chunkIds: ArrayLike<number>, codes: Uint8Array): void {
      const count = chunkIds.length;
      if (codes.length !== count * codeBytes) throw new RangeError(`${count} codes of ${codeBytes} bytes expected, got ${codes.length} bytes`);
      reserve(size + count);
      const memory = bytes();
      for (let i = 0; i < count; i++) {
        const at = codesAt + (size + i) * stride;
        memory.set(codes.subarray(i * codeBytes, (i + 1) * codeBytes), at);
        memory.fill(0, at + codeBytes, at + stride);
        ids[size + i] = chunkIds[i]!;
      }
      size += count;
    },
    /** Forgets these chunk ids; each hole is filled with the last code, so the scan stays dense. */
    remove(chunkIds: ReadonlySet<number>): number {
      if (chunkIds.size === 0 || size === 0) return 0;
      let low = Infinity;
      let high = -Infinity;
      for (const id of chunkIds) {
        if (id < low) low = id;
        if (id > high) high = id;
      }
      const memory = bytes();
      let removed = 0;
      for (let slot = 0; slot < size; ) {
        const id = ids[slot]!;
        if (id < low || id > high || !chunkIds.has(id)) {
          slot++;
          continue;
        }
        size--;
        removed++;
        if (slot !== size) {
          ids[slot] = ids[size]!;
          memory.copyWithin(codesAt + slot * stride, codesAt + size * stride, codesAt + (size + 1) * stride);
        }
      }
      return removed;
    },
    /** The ids of up to `k` codes nearest to `query` (no order among them); all of them when there are fewer. */
    nearest(query: Uint8Array, k: number): number[] {
      if (size === 0 || k <= 0) return [];
      const wanted = Math.min(k, MAX_NEAREST, size);
      const memory = bytes();
      memory.set(query.subarray(0, codeBytes), queryAt);
      memory.fill(0, queryAt + codeBytes, queryAt + stride);
      const histogram = new Uint32Array(wasm.memory.buffer, histogramAt, dimensions + 1);
      histogram.fill(0);
      wasm.scan(codesAt, size, stride, queryAt, distancesAt(), histogramAt);
      // The smallest distance whose count, with all smaller ones, reaches `wanted`; only part of its ties are taken.
      let threshold = 0;
      let below = 0;
      while (below + histogram[threshold]! < wanted) below += histogram[threshold++]!;
      const written = wasm.collect(distancesAt(), size, threshold, wanted - below, outAt);
      const slots = new Uint32Array(wasm.memory.buffer, outAt, written);
      return Array.from(slots, (slot) => ids[slot]!);
    },
    /** The ids and codes (`codeBytes` each) of the chunks with ids in [low, high]. */
    entriesBetween(low: number, high: number): { chunkIds: Float64Array; codes: Uint8Array } {
      const slots: number[] = [];
      for (let slot = 0; slot < size; slot++) if (ids[slot]! >= low && ids[slot]! <= high) slots.push(slot);
      const chunkIds = new Float64Array(slots.length);
      const codes = new Uint8Array(slots.length * codeBytes);
      const memory = bytes();
      slots.forEach((slot, i) => {
        chunkIds[i] = ids[slot]!;
        codes.set(memory.subarray(codesAt + slot * stride, codesAt + slot * stride + codeBytes), i * codeBytes);
      });
      return { chunkIds, codes };
    },
  };
}

export type HammingScan = ReturnType<typeof createHammingScan>;
