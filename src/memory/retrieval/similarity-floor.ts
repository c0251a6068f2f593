/**
 * How similar is similar enough: the nearest passages to any question are
 * returned by a vector search, related or not. A passage counts as found by
 * meaning only when it is clearly closer to the question than passages
 * picked at random: its cosine must exceed the sample's mean by
 * FLOOR_SIGMAS standard deviations. Measured against the library itself,
 * the floor suits any embedding model without a per-model constant.
 */
import type { HearthDatabase } from '../../store/open.ts';
import { dot, fromBlob } from './vectors.ts';

const SAMPLE_SIZE = 256;
/** Below this many vectors of a model, a sample says little: no floor. */
const MIN_SAMPLE = 100;
const FLOOR_SIGMAS = 3;
/** The sample is drawn again after this many vector writes, so it follows a growing library. */
const RESAMPLE_AFTER_WRITES = 2000;

export function createSimilarityFloor(db: HearthDatabase) {
  // Over all chunks, each bound one seek of the rowid index: a filter on the vector would scan the whole
  // table (1.6 s at 100k chunks, on the next question after every batch a document's ingestion writes).
  // Ids without a vector of the model are dropped by the lookup below.
  const idRange = db.prepare('SELECT (SELECT min(id) FROM chunks) AS low, (SELECT max(id) FROM chunks) AS high');
  const vectorsOf = db.prepare(`SELECT vector FROM chunks WHERE id IN (SELECT value FROM json_each(?)) AND vector_model = ?`).pluck();
  const samples = new Map<string, { vectors: Float32Array[]; atWrite: number }>();
  let writes = 0;

  /** Vectors at random ids: point lookups, cheap even in a large library. */
  function sample(model: string, dimensions: number): Float32Array[] {
    const cached = samples.get(model);
    // A full sample is kept for a while; a short one (a small, growing library) is drawn again after any write.
    const staleAfter = cached && cached.vectors.length >= SAMPLE_SIZE ? RESAMPLE_AFTER_WRITES : 1;
    if (cached && writes - cached.atWrite < staleAfter) return cached.vectors;
    const { low, high } = idRange.get() as { low: number | null; high: number | null };
    let vectors: Float32Array[] = [];
    if (low !== null && high !== null) {
      const ids = Array.from({ length: SAMPLE_SIZE * 2 }, () => low + Math.floor(Math.random() * (high - low + 1)));
      vectors = (vectorsOf.all(JSON.stringify(ids), model) as Uint8Array[]).map(fromBlob).filter((vector) => vector.length === dimensions);
    }
    samples.set(model, { vectors: vectors.slice(0, SAMPLE_SIZE), atWrite: writes });
    return vectors.slice(0, SAMPLE_SIZE);
  }

  return {
    /** The lowest cosine to `query` that counts as related; -Infinity while the library is too small to tell. */
    floorFor(query: Float32Array, model: string): number {
      const drawn = sample(model, query.length);
      if (drawn.length < MIN_SAMPLE) return Number.NEGATIVE_INFINITY;
      const similarities = drawn.map((vector) => dot(query, vector));
      const mean = similarities.reduce((sum, value) => sum + value, 0) / similarities.length;
      const variance = similarities.reduce((sum, value) => sum + (value - mean) ** 2, 0) / similarities.length;
      return mean + FLOOR_SIGMAS * Math.sqrt(variance);
    },
    noteWrites(count: number): void {
      writes += count;
    },
    forget(): void {
      samples.clear();
    },
  };
}
