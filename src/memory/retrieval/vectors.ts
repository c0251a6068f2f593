/**
 * Embedding vectors as the database keeps them: L2-normalised float32,
 * little-endian, in a BLOB. Normalised vectors make cosine similarity a dot product.
 */
import { HearthError } from '../../api/errors.ts';

/**
 * A unit-length copy of `vector`. Refuses what cannot be indexed: an empty
 * vector, a length that is not a multiple of 8 (the binary index packs 8
 * dimensions per byte), non-finite values, or all zeros.
 */
export function normalise(vector: Float32Array): Float32Array {
  if (vector.length === 0 || vector.length % 8 !== 0) {
    throw new HearthError('RETRIEVAL_VECTOR_INVALID', { details: `${vector.length} dimensions; a multiple of 8 is needed` });
  }
  let sumOfSquares = 0;
  for (const value of vector) sumOfSquares += value * value;
  const norm = Math.sqrt(sumOfSquares);
  if (!Number.isFinite(norm) || norm === 0) {
    throw new HearthError('RETRIEVAL_VECTOR_INVALID', { details: norm === 0 ? 'the vector is all zeros' : 'the vector holds a value that is not a finite number' });
  }
  const unit = new Float32Array(vector.length);
  for (let i = 0; i < vector.length; i++) unit[i] = vector[i]! / norm;
  return unit;
}

// Typed arrays use the host's byte order; every platform Hearth ships for (x64, arm64) is little-endian.
export function toBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

export function fromBlob(blob: Uint8Array): Float32Array {
  // SQLite hands back blobs at any byte offset; a Float32Array view needs 4-byte alignment.
  if (blob.byteOffset % 4 === 0) return new Float32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4);
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

/** Dot product; the cosine similarity of two unit vectors. Lengths must match. */
export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
