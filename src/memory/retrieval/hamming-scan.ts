/**
 * Binary codes of one vector size, held in WebAssembly memory and searched
 * by a full scan of Hamming distances (hamming.wat, SIMD): 1M 384-d codes
 * are 48 MB and one scan takes about 5 ms on one core here, exact over the
 * codes, with no index to build or keep in shape. Each code keeps one bit
 * per dimension, the sign of the normalised vector's component.
 *
 * Beside each code, when given, the vector in 8 bits per dimension (a
 * float32 scale, then int8 values): the scan's candidates are ranked by
 * cosine from memory, where reading their float vectors from the encrypted
 * database costs a page decryption each (2–3 ms for 48 of them).
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
const VECTOR_BLOCK_BITS = 16;
const VECTOR_BLOCK_MASK = (1 << VECTOR_BLOCK_BITS) - 1;

/** The sign bits of `vector`: bit i (byte i >> 3, least significant first) is set when component i is positive. */
export function binaryCode(vector: Float32Array): Uint8Array {
  const code = new Uint8Array(Math.ceil(vector.length / 8));
  for (let i = 0; i < vector.length; i++) if (vector[i]! > 0) code[i >> 3]! |= 1 << (i & 7);
  return code;
}

/** Bytes of one vector in 8 bits: its float32 scale, then one int8 per dimension. */
export const vector8Bytes = (dimensions: number) => 4 + dimensions;

/** `unit` in 8 bits per dimension, scaled so its largest component is ±127. */
export function vector8(unit: Float32Array): Uint8Array {
  let largest = 0;
  for (const value of unit) largest = Math.max(largest, Math.abs(value));
  const scale = largest / 127 || 1;
  const bytes = new Uint8Array(vector8Bytes(unit.length));
  new DataView(bytes.buffer).setFloat32(0, scale, true);
  const values = new Int8Array(bytes.buffer, 4);
  for (let i = 0; i < unit.length; i++) values[i] = Math.round(unit[i]! / scale);
  return bytes;
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
  // The vectors in 8 bits, slot by slot; a slot whose vector is not held has scale 0.
  // In blocks of VECTOR_BLOCK slots: growing never copies them (copying a few hundred MB of fresh pages
  // at each growth took seconds for a million).
  const scaleBlocks: Float32Array[] = [];
  const valueBlocks: Int8Array[] = [];
  const scaleOf = (slot: number) => scaleBlocks[slot >> VECTOR_BLOCK_BITS]![slot & VECTOR_BLOCK_MASK]!;
  const setScale = (slot: number, scale: number) => (scaleBlocks[slot >> VECTOR_BLOCK_BITS]![slot & VECTOR_BLOCK_MASK] = scale);
  /** The slot's int8 values, a view into its block. */
  const valuesOf = (slot: number) => {
    const offset = (slot & VECTOR_BLOCK_MASK) * dimensions;
    return valueBlocks[slot >> VECTOR_BLOCK_BITS]!.subarray(offset, offset + dimensions);
  };

  const distancesAt = () => codesAt + capacity * stride;
  const bytes = () => new Uint8Array(wasm.memory.buffer);

  function reserve(wanted: number): void {
    if (wanted <= capacity) return;
    // A quarter more at a time: doubling a million 8-bit vectors would hold 384 MB more for a few new chunks.
    const next = Math.max(wanted, Math.ceil(capacity * 1.25), INITIAL_CAPACITY);
    const needed = codesAt + next * (stride + 2);
    const have = wasm.memory.buffer.byteLength;
    if (needed > have) wasm.memory.grow(Math.ceil((needed - have) / PAGE_BYTES));
    const grownIds = new Float64Array(next);
    grownIds.set(ids.subarray(0, size));
    ids = grownIds;
    while (scaleBlocks.length << VECTOR_BLOCK_BITS < next) {
      scaleBlocks.push(new Float32Array(1 << VECTOR_BLOCK_BITS));
      valueBlocks.push(new Int8Array((1 << VECTOR_BLOCK_BITS) * dimensions));
    }
    capacity = next;
  }

  /** Stores the 8-bit vector at `at` of `vectors` (vector8Bytes each) in `slot`. */
  function holdVector8(slot: number, vectors: Uint8Array, at: number): void {
    const offset = vectors.byteOffset + at * vector8Bytes(dimensions);
    setScale(slot, new DataView(vectors.buffer, offset, 4).getFloat32(0, true));
    valuesOf(slot).set(new Int8Array(vectors.buffer, offset + 4, dimensions));
  }

  function nearestSlots(query: Uint8Array, k: number): Uint32Array {
    if (size === 0 || k <= 0) return new Uint32Array(0);
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
    return new Uint32Array(wasm.memory.buffer, outAt, written).slice();
  }

  return {
    dimensions,
    codeBytes,
    /** Room for `count` codes in all, so that a library's million appends at opening copy nothing as they grow. */
    reserve,
    get size(): number {
      return size;
    },
    /**
     * Adds codes (`codeBytes` each, back to back) for these chunk ids, with their 8-bit vectors when given
     * (vector8Bytes each); the caller removes an id before adding it again.
     */
    append(chunkIds: ArrayLike<number>, codes: Uint8Array, vectors: Uint8Array | null = null): void {
      const count = chunkIds.length;
      if (codes.length !== count * codeBytes) throw new RangeError(`${count} codes of ${codeBytes} bytes expected, got ${codes.length} bytes`);
      if (vectors && vectors.length !== count * vector8Bytes(dimensions)) {
        throw new RangeError(`${count} vectors of ${vector8Bytes(dimensions)} bytes expected, got ${vectors.length} bytes`);
      }
      reserve(size + count);
      const memory = bytes();
      // Whole batches at once where codes need no padding (384-d: 48 bytes): a library opens by appending a million.
      if (stride === codeBytes) memory.set(codes, codesAt + size * stride);
      else {
        for (let i = 0; i < count; i++) {
          const at = codesAt + (size + i) * stride;
          memory.set(codes.subarray(i * codeBytes, (i + 1) * codeBytes), at);
          memory.fill(0, at + codeBytes, at + stride);
        }
      }
      if (chunkIds instanceof Float64Array) ids.set(chunkIds, size);
      else for (let i = 0; i < count; i++) ids[size + i] = chunkIds[i]!;
      if (vectors) for (let i = 0; i < count; i++) holdVector8(size + i, vectors, i);
      else for (let i = 0; i < count; i++) setScale(size + i, 0);
      size += count;
    },
    /**
     * The 8-bit vectors of slots first..first+n, read later than their codes: each is kept only where the
     * slot still holds the same chunk (a removal may have moved another one there) and no vector yet (the
     * chunk may have been embedded again since, with its new vector).
     */
    fillVectors(first: number, chunkIds: Float64Array, vectors: Uint8Array): void {
      chunkIds.forEach((id, i) => {
        const slot = first + i;
        if (slot < size && ids[slot] === id && scaleOf(slot) === 0) holdVector8(slot, vectors, i);
      });
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
          setScale(slot, scaleOf(size));
          valuesOf(slot).set(valuesOf(size));
        }
      }
      return removed;
    },
    /** The slots of up to `k` codes nearest to `query` (no order among them); all of them when there are fewer. */
    nearestSlots,
    /** The same, as chunk ids. */
    nearest(query: Uint8Array, k: number): number[] {
      return Array.from(nearestSlots(query, k), (slot) => ids[slot]!);
    },
    idAt(slot: number): number {
      return ids[slot]!;
    },
    /** The cosine of the unit vector `query` with the slot's 8-bit vector; null when that vector is not held. */
    cosineAt(slot: number, query: Float32Array): number | null {
      const scale = scaleOf(slot);
      if (scale === 0) return null;
      let sum = 0;
      const values = valuesOf(slot);
      for (let i = 0; i < dimensions; i++) sum += query[i]! * values[i]!;
      return sum * scale;
    },
    /**
     * The ids, codes (`codeBytes` each) and 8-bit vectors (vector8Bytes each) of the chunks with ids in
     * [low, high]; `missing` lists the entries whose vector is not held (their bytes are zero).
     */
    entriesBetween(low: number, high: number): { chunkIds: Float64Array; codes: Uint8Array; vectors: Uint8Array; missing: number[] } {
      const slots: number[] = [];
      for (let slot = 0; slot < size; slot++) if (ids[slot]! >= low && ids[slot]! <= high) slots.push(slot);
      const chunkIds = new Float64Array(slots.length);
      const codes = new Uint8Array(slots.length * codeBytes);
      const vectorBytes = vector8Bytes(dimensions);
      const vectors = new Uint8Array(slots.length * vectorBytes);
      const view = new DataView(vectors.buffer);
      const missing: number[] = [];
      const memory = bytes();
      slots.forEach((slot, i) => {
        chunkIds[i] = ids[slot]!;
        codes.set(memory.subarray(codesAt + slot * stride, codesAt + slot * stride + codeBytes), i * codeBytes);
        if (scaleOf(slot) === 0) missing.push(i);
        view.setFloat32(i * vectorBytes, scaleOf(slot), true);
        new Int8Array(vectors.buffer, i * vectorBytes + 4, dimensions).set(valuesOf(slot));
      });
      return { chunkIds, codes, vectors, missing };
    },
  };
}

export type HammingScan = ReturnType<typeof createHammingScan>;
