/**
 * Bytes of random (or constant) tensor data, produced a chunk at a time so a
 * large model is never held in memory. Values are small (standard deviation
 * about 0.02, as in freshly initialised transformers) so a random model still
 * gives finite logits.
 */
import { endianness } from 'node:os';
import { toHalfBits } from './half.ts';
import { RandomFill } from './random-fill.ts';
import { tensorBytes, type TensorType } from './format.ts';

/** Values per chunk: a multiple of the Q8_0 block, about 1 MB of Q8_0 data. */
export const CHUNK_VALUES = 1 << 20;

const WEIGHT_STD = 0.02;
/** Uniform on [-a, a] has standard deviation a / sqrt(3). */
const UNIFORM_AMPLITUDE = WEIGHT_STD * Math.sqrt(3);
/** Random int8 values (uniform over -128..127) have a standard deviation of about 73.9. */
const Q8_SCALE_BITS = toHalfBits(WEIGHT_STD / 73.9);
/** f16 weights come from a table of 4096 evenly spaced values: plenty for noise, and fast. */
const HALF_TABLE = Uint16Array.from({ length: 4096 }, (_, k) => toHalfBits(((k + 0.5) / 4096) * 2 * UNIFORM_AMPLITUDE - UNIFORM_AMPLITUDE));

export type TensorFill = 'random' | 'ones';

/** Typed arrays write in the machine's byte order and GGUF is little-endian. */
if (endianness() !== 'LE') throw new Error('The GGUF writer needs a little-endian machine.');

/**
 * Yields the tensor's bytes in chunks of at most CHUNK_VALUES values. The
 * first `zeroValues` values are zero (whole rows, used to silence tokens).
 * The yielded buffer is reused: write it out before asking for the next one.
 */
export function* tensorChunks(type: TensorType, count: number, fill: TensorFill, random: RandomFill, zeroValues = 0): Generator<Buffer> {
  const scratch = new ArrayBuffer(Math.ceil(tensorBytes(type, Math.min(count, CHUNK_VALUES)) / 4) * 4);
  for (let start = 0; start < count; start += CHUNK_VALUES) {
    const values = Math.min(CHUNK_VALUES, count - start);
    const bytes = tensorBytes(type, values);
    fillChunk(type, fill, random, scratch, values);
    const chunk = Buffer.from(scratch, 0, bytes);
    const zeroEnd = Math.min(values, zeroValues - start);
    if (zeroEnd > 0) chunk.fill(0, 0, tensorBytes(type, zeroEnd));
    yield chunk;
  }
}

function fillChunk(type: TensorType, fill: TensorFill, random: RandomFill, scratch: ArrayBuffer, values: number): void {
  if (type === 'f32') {
    const floats = new Float32Array(scratch, 0, values);
    if (fill === 'ones') return void floats.fill(1);
    const bits = new Uint32Array(scratch, 0, values);
    random.fillUint32(bits);
    // Reinterpreting in place: read each word as an integer, store it as a float.
    for (let i = 0; i < values; i++) floats[i] = (bits[i]! / 0x1_0000_0000) * 2 * UNIFORM_AMPLITUDE - UNIFORM_AMPLITUDE;
    return;
  }
  if (fill === 'ones') throw new Error(`Constant ${type} tensors are not supported; norms are f32.`);
  if (type === 'f16') {
    const halves = new Uint16Array(scratch, 0, values);
    random.fillUint32(new Uint32Array(scratch, 0, Math.ceil(values / 2)));
    for (let i = 0; i < values; i++) halves[i] = HALF_TABLE[halves[i]! & 4095]!;
    return;
  }
  // q8_0: random bytes everywhere, then each 34-byte block gets its f16 scale.
  random.fillUint32(new Uint32Array(scratch));
  const bytes = new Uint8Array(scratch);
  const blocks = values / 32;
  for (let b = 0; b < blocks; b++) {
    bytes[b * 34] = Q8_SCALE_BITS & 0xff;
    bytes[b * 34 + 1] = Q8_SCALE_BITS >>> 8;
  }
}
