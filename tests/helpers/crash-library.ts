/**
 * The library that tests/fixtures/retrieval-crash-writer.ts writes and
 * retrieval-crash.test.ts checks. Document n is `doc-<n>`; the vector a
 * chunk is first given follows from the document number and the chunk's
 * ordinal, so the test can regenerate the vectors of the documents the
 * writer deleted.
 */
import { seededRandom } from './seeded-random.ts';

export const crashModel = 'crash-embed-64';
export const crashDimensions = 64;

export const documentId = (n: number): string => `doc-${n}`;
export const documentNumber = (id: string): number => Number(id.slice('doc-'.length));

/** 4 to 23 chunks. */
export const chunkCountOf = (n: number): number => 4 + ((n * 7) % 20);

/**
 * Chunk ids leave gaps between documents, so a few hundred documents span
 * dozens of the index's ranges of 65,536 ids, as a large library does, and
 * folding the index's log takes many steps for a kill to fall between.
 */
export const chunkIdOf = (n: number, ordinal: number): number => n * 8192 + ordinal;

/** Only these documents are ever deleted, and their chunks are never re-embedded: their vectors stay the first ones. */
export const isDeletable = (n: number): boolean => n % 3 === 0;

/** Every fifth chunk is left unembedded when its document is added, as an interrupted ingestion leaves it; a re-embedding may embed it later. */
export const embeddedWhenAdded = (ordinal: number): boolean => ordinal % 5 !== 4;

/** A random unit vector (Box-Muller over mulberry32). */
export function randomUnitVector(random: () => number, dimensions = crashDimensions): Float32Array {
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const vector = Float32Array.from({ length: dimensions }, gaussian);
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

/** The vector chunk `ordinal` of document `n` is given when the document is added; ordinals stay below 1000. */
export const firstVector = (n: number, ordinal: number): Float32Array => randomUnitVector(seededRandom(15_000_000 + n * 1000 + ordinal));
