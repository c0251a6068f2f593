/**
 * Search over document chunks: keyword (FTS5 bm25, rarest words first
 * within a budget), vector (a Hamming scan of binary codes in memory, then
 * cosine on the candidates' vectors: 8-bit ones from memory, or the float
 * ones from the database until those are read) and both fused with
 * reciprocal rank fusion. Create one per open database; close it before
 * the database.
 */
import type { HearthDatabase } from '../../store/open.ts';
import { binaryCode, MAX_NEAREST } from './hamming-scan.ts';
import { dropLegacyVectorTables } from './legacy-vector-tables.ts';
import { toRetrievalMatchQuery } from './match-query.ts';
import { fuseRankings } from './rrf.ts';
import { createSimilarityFloor } from './similarity-floor.ts';
import { createTermPostings } from './term-postings.ts';
import { createVectorCodes, type VectorCodesProgress } from './vector-codes.ts';
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
 * Binary codes keep only each dimension's sign, so the scan takes this many
 * times the wanted count and cosine picks the best of them.
 */
const OVERSAMPLING = 3;
const MIN_CANDIDATES = 32;
/**
 * The chunks a keyword query may match, and so score (about 1 µs each
 * here): words are taken rarest first up to this sum (match-query.ts).
 */
const KEYWORD_POSTINGS_BUDGET = 1200;
/**
 * A query word held by more than this share of the chunks (and by more
 * than FREQUENT_MIN_CHUNKS, below which a posting list is cheap to score)
 * is left out (match-query.ts): it weighs little in bm25 and matches chunks
 * that hold nothing else of the question.
 */
const FREQUENT_SHARE = 0.02;
const FREQUENT_MIN_CHUNKS = 1000;
/** Background work (a rebuild, folding the log) waits this long after a write, and pauses this long between steps. */
const BACKGROUND_DELAY_MS = 1000;
const BACKGROUND_PAUSE_MS = 5;
/** Each list handed to fusion is this many times the wanted count, so a chunk ranked lower in both lists can still rise. */
const FUSION_DEPTH = 2;

export interface ChunkIndexStatus {
  /** Vectors the search reaches. */
  indexedVectors: number;
  /** A rebuild of the vector index from the stored vectors, under way; null when none is. */
  rebuild: VectorCodesProgress['rebuild'];
}

export interface ChunkIndexOptions {
  /** After each step of a rebuild, and once when it ends (rebuild null). */
  onProgress?: (status: ChunkIndexStatus) => void;
  /** Background work failed (it is tried again after the next write, or at the next start). */
  onBackgroundError?: (error: unknown) => void;
}

export function createChunkIndex(db: HearthDatabase, { onProgress, onBackgroundError }: ChunkIndexOptions = {}) {
  dropLegacyVectorTables(db);
  const codes = createVectorCodes(db);
  const similarityFloor = createSimilarityFloor(db);
  const termPostings = createTermPostings(db, KEYWORD_POSTINGS_BUDGET);
  // The largest chunk id: about the number of chunks (ids are handed out in order), for one index seek, where count(*) reads them all.
  const chunkIdHigh = db.prepare('SELECT max(id) FROM chunks').pluck();
  const storeVector = db.prepare('UPDATE chunks SET vector = ?, vector_model = ? WHERE id = ? RETURNING id');
  const clearStoredVectors = db.prepare('UPDATE chunks SET vector = NULL, vector_model = NULL WHERE vector IS NOT NULL');
  const candidateVectors = db.prepare('SELECT id, vector FROM chunks WHERE id IN (SELECT value FROM json_each(?)) AND vector_model = ?');
  const vectorsInDocuments = db.prepare(`
    SELECT id, vector FROM chunks WHERE document_id IN (SELECT value FROM json_each(?)) AND vector_model = ? AND vector IS NOT NULL`);
  const keywordMatches = db.prepare(`
    SELECT rowid AS id, bm25(chunks_fts) AS bm25 FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?`);
  const keywordMatchesInDocuments = db.prepare(`
    SELECT chunks_fts.rowid AS id, bm25(chunks_fts) AS bm25 FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid
    WHERE chunks_fts MATCH ? AND c.document_id IN (SELECT value FROM json_each(?)) ORDER BY rank LIMIT ?`);
  const chunkDetails = db.prepare(`
    SELECT c.id, c.document_id, d.name, c.text, c.location FROM chunks c JOIN documents d ON d.id = c.document_id
    WHERE c.id IN (SELECT value FROM json_each(?))`);

  let background: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let closed = false;
  const pause = () => new Promise<void>((resolve) => setTimeout(resolve, BACKGROUND_PAUSE_MS));

  /** Rebuilds and folds until nothing is left to do; each step is short, so questions are answered between them. */
  async function runBackground(): Promise<void> {
    if (codes.progress().rebuild) {
      while (!closed && db.open && codes.rebuildStep()) {
        onProgress?.(status());
        await pause();
      }
      if (!closed && db.open) onProgress?.(status());
    }
    while (!closed && db.open && codes.loadVectorsStep()) await pause();
    while (!closed && db.open && codes.foldDue() && (await codes.fold(pause)));
  }
  /** One run at a time: a settle() during a timer's run waits for it. */
  function runBackgroundOnce(): Promise<void> {
    running ??= runBackground().finally(() => (running = null));
    return running;
  }
  function scheduleBackground(): void {
    if (closed || background) return;
    background = setTimeout(() => {
      background = null;
      runBackgroundOnce().catch((error: unknown) => {
        // A step cut short by the database closing resumes from the database when it is opened again.
        if (!closed && db.open) onBackgroundError?.(error);
      });
    }, BACKGROUND_DELAY_MS);
    background.unref();
  }

  const writeVectors = db.transaction((entries: readonly { chunkId: number; vector: Float32Array }[], model: string) => {
    const stored = entries.flatMap(({ chunkId, vector }) => {
      const unit = normalise(vector);
      // No row: the chunk was deleted (its document removed) while it was being embedded; nothing to index.
      return storeVector.get(toBlob(unit), model, chunkId) ? [{ chunkId, unit }] : [];
    });
    codes.logAdded(model, stored);
    similarityFloor.noteWrites(entries.length);
  });

  function keywordRanking(text: string, limit: number, documentIds?: readonly string[]): Scored[] {
    const frequentAbove = Math.max(FREQUENT_MIN_CHUNKS, ((chunkIdHigh.get() as number | null) ?? 0) * FREQUENT_SHARE);
    const query = toRetrievalMatchQuery(text, { postingsOf: termPostings.postingsOf, budget: KEYWORD_POSTINGS_BUDGET, frequentAbove });
    if (!query || limit <= 0) return [];
    const rows = (
      documentIds ? keywordMatchesInDocuments.all(query, JSON.stringify(documentIds), limit) : keywordMatches.all(query, limit)
    ) as { id: number; bm25: number }[];
    return rows.map((row) => ({ id: row.id, score: -row.bm25 }));
  }

  function vectorRanking(queryVector: Float32Array, limit: number, model: string, documentIds?: readonly string[]): Scored[] {
    if (limit <= 0) return [];
    const query = normalise(queryVector);
    const scored: Scored[] = [];
    let rows: { id: number; vector: Uint8Array }[];
    if (documentIds) {
      // A few documents: exact cosine over their vectors.
      rows = vectorsInDocuments.all(JSON.stringify(documentIds), model) as typeof rows;
    } else {
      const scan = codes.scanOf(model, query.length);
      if (!scan) return [];
      const unread: number[] = [];
      for (const slot of scan.nearestSlots(binaryCode(query), Math.min(MAX_NEAREST, Math.max(MIN_CANDIDATES, limit * OVERSAMPLING)))) {
        const score = scan.cosineAt(slot, query);
        if (score === null) unread.push(scan.idAt(slot));
        else scored.push({ id: scan.idAt(slot), score });
      }
      rows = unread.length > 0 ? (candidateVectors.all(JSON.stringify(unread), model) as typeof rows) : [];
    }
    const floor = similarityFloor.floorFor(query, model);
    for (const row of rows) {
      const vector = fromBlob(row.vector);
      if (vector.length === query.length) scored.push({ id: row.id, score: dot(query, vector) });
    }
    return scored
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

  function status(): ChunkIndexStatus {
    const { rebuild } = codes.progress();
    return { indexedVectors: codes.indexedVectors(), rebuild };
  }

  function setVectors(entries: readonly { chunkId: number; vector: Float32Array }[], model: string): void {
    writeVectors(entries, model);
    termPostings.forget();
    if (codes.foldDue()) scheduleBackground();
  }

  // Right after opening: a rebuild, if one is under way, and reading the ranges' 8-bit vectors into memory.
  scheduleBackground();

  return {
    /** Stores a chunk's embedding (normalised) and indexes it; replaces any earlier one. */
    setVector(chunkId: number, vector: Float32Array, model: string): void {
      setVectors([{ chunkId, vector }], model);
    },
    /** The same for many chunks, in one transaction. */
    setVectors,
    /** Forgets every embedding, for when the embedding model changes: all chunks become unembedded. */
    clearVectors(): void {
      db.transaction(() => {
        clearStoredVectors.run();
        codes.dropAll();
      })();
      similarityFloor.forget();
    },
    status,
    /** Runs background work (a rebuild, folding the log) to its end. */
    async settle(): Promise<void> {
      if (background) clearTimeout(background);
      background = null;
      while (running) await running.catch(() => undefined);
      await runBackgroundOnce();
    },
    /** Stops background work; what is left resumes when the database is opened again. */
    close(): void {
      closed = true;
      if (background) clearTimeout(background);
      background = null;
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
