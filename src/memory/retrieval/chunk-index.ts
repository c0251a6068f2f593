/**
 * Search over document chunks: keyword (FTS5 bm25), vector (binary KNN in
 * sqlite-vec, then exact cosine on the float vectors) and both fused with
 * reciprocal rank fusion. Create one per open database.
 */
import type { HearthDatabase } from '../../store/open.ts';
import { toRetrievalMatchQuery } from './match-query.ts';
import { fuseRankings } from './rrf.ts';
import { createSimilarityFloor } from './similarity-floor.ts';
import { createVectorTables } from './vector-tables.ts';
import { dot, fromBlob, normalise, toBlob } from './vectors.ts';

/** Where a chunk opens in its document, for a citation. */
export type ChunkLocation = { page: number } | { lineStart: number; lineEnd: number };

export interface ChunkHit {
  chunkId: number;
  documentId: string;
  documentName: string;
  text: string;
  location: ChunkLocation;
  /** Keyword search: -bm25; vector search: cosine similarity; hybrid: the RRF score. Higher is better. */
  score: number;
  /** 1-based rank in the keyword list, null if that list did not find the chunk. */
  keywordRank: number | null;
  vectorRank: number | null;
}

export interface HybridQuery {
  text: string;
  /** The query's embedding; null searches by keyword only (no embedding model ready). */
  vector: Float32Array | null;
  /** The embedding model of `vector`: only chunks embedded by it are compared. */
  model: string;
  limit: number;
  /** Only chunks of these documents; omitted, all documents. */
  documentIds?: readonly string[];
}

export interface HybridResult {
  hits: ChunkHit[];
  /** Per-stage wall time; fuseMs includes reading the returned chunks. Embedding the query is the caller's. */
  timings: { vectorSearchMs: number; keywordSearchMs: number; fuseMs: number };
}

interface Scored {
  id: number;
  score: number;
}

/**
 * Binary codes keep only each dimension's sign, so the coarse KNN takes
 * this many times the wanted count and exact cosine picks the best of them.
 * Its cost grows with k (measured, 100k × 384-d: k 32 → 5 ms, 64 → 8 ms, 128 → 14 ms).
 */
const OVERSAMPLING = 3;
const MIN_CANDIDATES = 32;
/** sqlite-vec's largest k. */
const MAX_CANDIDATES = 4096;
/**
 * A query word held by more than this share of the chunks (and by more
 * than FREQUENT_MIN_CHUNKS, below which a posting list is cheap to score)
 * is left out of an OR query; see match-query.ts. Such words weigh little
 * in bm25 yet cost the most to score: at 100k chunks, 2% rather than 10%
 * took the hybrid search from p95 23.7 ms to 12.4 ms; a rare word, a name
 * or a code, still decides the keyword ranking.
 */
const FREQUENT_SHARE = 0.02;
const FREQUENT_MIN_CHUNKS = 1000;
/** Each list handed to fusion is this many times the wanted count, so a chunk ranked lower in both lists can still rise. */
const FUSION_DEPTH = 2;

export function createChunkIndex(db: HearthDatabase) {
  const vectorTables = createVectorTables(db);
  const similarityFloor = createSimilarityFloor(db);
  const storeVector = db.prepare('UPDATE chunks SET vector = ?, vector_model = ? WHERE id = ? RETURNING document_id');
  const clearStoredVectors = db.prepare('UPDATE chunks SET vector = NULL, vector_model = NULL WHERE vector IS NOT NULL');
  const candidateVectors = db.prepare('SELECT id, vector FROM chunks WHERE id IN (SELECT value FROM json_each(?)) AND vector_model = ?');
  // A per-connection (temp) view of the FTS5 index's terms: how many chunks hold each.
  db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.chunk_terms USING fts5vocab(main, chunks_fts, row)');
  const termChunkCount = db.prepare('SELECT doc FROM temp.chunk_terms WHERE term = ?').pluck();
  const chunkCount = db.prepare('SELECT count(*) FROM chunks').pluck();
  const keywordMatches = db.prepare(`
    SELECT rowid AS id, bm25(chunks_fts) AS bm25 FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?`);
  const keywordMatchesInDocuments = db.prepare(`
    SELECT chunks_fts.rowid AS id, bm25(chunks_fts) AS bm25 FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid
    WHERE chunks_fts MATCH ? AND c.document_id IN (SELECT value FROM json_each(?)) ORDER BY rank LIMIT ?`);
  const chunkDetails = db.prepare(`
    SELECT c.id, c.document_id, d.name, c.text, c.location FROM chunks c JOIN documents d ON d.id = c.document_id
    WHERE c.id IN (SELECT value FROM json_each(?))`);

  function writeVector(chunkId: number, vector: Float32Array, model: string): void {
    const unit = normalise(vector);
    const blob = toBlob(unit);
    const row = storeVector.get(blob, model, chunkId) as { document_id: string } | undefined;
    // The chunk was deleted (its document removed) while it was being embedded: nothing to index.
    if (!row) return;
    const table = vectorTables.ensure(unit.length);
    table.remove.run(BigInt(chunkId));
    table.insert.run(BigInt(chunkId), blob, model, row.document_id);
  }
  const writeOne = db.transaction((chunkId: number, vector: Float32Array, model: string) => {
    writeVector(chunkId, vector, model);
    similarityFloor.noteWrites(1);
  });
  const writeVectors = db.transaction((entries: readonly { chunkId: number; vector: Float32Array }[], model: string) => {
    for (const { chunkId, vector } of entries) writeVector(chunkId, vector, model);
    similarityFloor.noteWrites(entries.length);
  });

  function keywordRanking(text: string, limit: number, documentIds?: readonly string[]): Scored[] {
    let frequentAbove: number | undefined;
    const query = toRetrievalMatchQuery(text, (word) => {
      frequentAbove ??= Math.max(FREQUENT_MIN_CHUNKS, (chunkCount.get() as number) * FREQUENT_SHARE);
      // The index holds words as its tokenizer folds them: lower case, without diacritics.
      const term = word.normalize('NFD').replace(/\p{M}/gu, '');
      return ((termChunkCount.get(term) as number | undefined) ?? 0) > frequentAbove;
    });
    if (!query || limit <= 0) return [];
    const rows = (
      documentIds ? keywordMatchesInDocuments.all(query, JSON.stringify(documentIds), limit) : keywordMatches.all(query, limit)
    ) as { id: number; bm25: number }[];
    return rows.map((row) => ({ id: row.id, score: -row.bm25 }));
  }

  function vectorRanking(queryVector: Float32Array, limit: number, model: string, documentIds?: readonly string[]): Scored[] {
    const query = normalise(queryVector);
    const table = vectorTables.find(query.length);
    if (!table || limit <= 0) return [];
    const k = Math.min(MAX_CANDIDATES, Math.max(MIN_CANDIDATES, limit * OVERSAMPLING));
    const codeQuery = toBlob(query);
    const candidates = (
      documentIds ? table.nearestInDocuments.all(codeQuery, k, model, JSON.stringify(documentIds)) : table.nearest.all(codeQuery, k, model)
    ) as { id: number }[];
    const rows = candidateVectors.all(JSON.stringify(candidates.map((c) => c.id)), model) as { id: number; vector: Uint8Array }[];
    const floor = similarityFloor.floorFor(query, model);
    return rows
      .map((row) => ({ id: row.id, vector: fromBlob(row.vector) }))
      .filter((row) => row.vector.length === query.length)
      .map((row) => ({ id: row.id, score: dot(query, row.vector) }))
      .filter((row) => row.score >= floor)
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }

  /** The chunks' text and document, in the order of `ranked`. */
  function toHits(ranked: readonly (Scored & { keywordRank: number | null; vectorRank: number | null })[]): ChunkHit[] {
    if (ranked.length === 0) return [];
    type Row = { id: number; document_id: string; name: string; text: string; location: string };
    const rows = new Map((chunkDetails.all(JSON.stringify(ranked.map((r) => r.id))) as Row[]).map((row) => [row.id, row]));
    return ranked.flatMap((r) => {
      const row = rows.get(r.id);
      if (!row) return [];
      return [{
        chunkId: row.id,
        documentId: row.document_id,
        documentName: row.name,
        text: row.text,
        location: JSON.parse(row.location) as ChunkLocation,
        score: r.score,
        keywordRank: r.keywordRank,
        vectorRank: r.vectorRank,
      }];
    });
  }

  return {
    /** Stores a chunk's embedding (normalised) and indexes it; replaces any earlier one. */
    setVector(chunkId: number, vector: Float32Array, model: string): void {
      writeOne(chunkId, vector, model);
    },
    /** The same for many chunks, in one transaction. */
    setVectors(entries: readonly { chunkId: number; vector: Float32Array }[], model: string): void {
      writeVectors(entries, model);
    },
    /** Forgets every embedding, for when the embedding model changes: all chunks become unembedded. */
    clearVectors(): void {
      db.transaction(() => {
        vectorTables.dropAll();
        clearStoredVectors.run();
      })();
      similarityFloor.forget();
    },
    keywordSearch(text: string, limit: number, documentIds?: readonly string[]): ChunkHit[] {
      return toHits(keywordRanking(text, limit, documentIds).map((s, i) => ({ ...s, keywordRank: i + 1, vectorRank: null })));
    },
    vectorSearch(queryVector: Float32Array, limit: number, model: string, documentIds?: readonly string[]): ChunkHit[] {
      return toHits(vectorRanking(queryVector, limit, model, documentIds).map((s, i) => ({ ...s, keywordRank: null, vectorRank: i + 1 })));
    },
    hybridSearch({ text, vector, model, limit, documentIds }: HybridQuery): HybridResult {
      const depth = limit * FUSION_DEPTH;
      const started = performance.now();
      const byVector = vector ? vectorRanking(vector, depth, model, documentIds) : [];
      const vectorDone = performance.now();
      const byKeyword = keywordRanking(text, depth, documentIds);
      const keywordDone = performance.now();
      const fused = fuseRankings([byKeyword.map((s) => s.id), byVector.map((s) => s.id)])
        .slice(0, limit)
        .map(({ id, score, ranks: [keywordRank, vectorRank] }) => ({ id, score, keywordRank: keywordRank ?? null, vectorRank: vectorRank ?? null }));
      const hits = toHits(fused);
      return {
        hits,
        timings: { vectorSearchMs: vectorDone - started, keywordSearchMs: keywordDone - vectorDone, fuseMs: performance.now() - keywordDone },
      };
    },
  };
}

export type ChunkIndex = ReturnType<typeof createChunkIndex>;
