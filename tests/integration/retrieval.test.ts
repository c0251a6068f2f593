import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HearthError } from '../../src/api/errors.ts';
import { createChunkIndex, type ChunkIndex } from '../../src/memory/retrieval/chunk-index.ts';
import { openDatabase, type HearthDatabase } from '../../src/store/open.ts';
import { seededRandom } from '../helpers/seeded-random.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const MODEL = 'demo-embed-64';
const DIMENSIONS = 64;

/** Deterministic random unit vectors (mulberry32 + Box-Muller). */
function seededVectors(seed: number) {
  const uniform = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const unit = (values: Float32Array) => {
    const norm = Math.hypot(...values);
    return values.map((v) => v / norm);
  };
  return {
    random: (dimensions = DIMENSIONS) => unit(Float32Array.from({ length: dimensions }, gaussian)),
    /** A vector near `base`: cosine about 1 / sqrt(1 + noise²). */
    near: (base: Float32Array, noise: number) => unit(base.map((v) => v + (noise * gaussian()) / Math.sqrt(base.length))),
  };
}

const FILLER = 'river stone bread window candle garden morning letter road bridge winter copper market lantern harbour meadow'.split(' ');

interface Library {
  db: HearthDatabase;
  index: ChunkIndex;
  query: Float32Array;
  chunks: { keywordOnly: number; vectorOnly: number; both: number };
}

function addDocument(db: HearthDatabase, id: string, name: string, texts: readonly string[]): number[] {
  db.prepare(`INSERT INTO documents (id, name, source_path, kind, size_bytes, sha256, status, chunk_count, created_at, updated_at)
              VALUES (?, ?, ?, 'txt', 1, 'x', 'ready', ?, 0, 0)`).run(id, name, `/docs/${name}`, texts.length);
  const insert = db.prepare('INSERT INTO chunks (document_id, ordinal, text, location) VALUES (?, ?, ?, ?)');
  return texts.map((text, ordinal) => Number(insert.run(id, ordinal, text, JSON.stringify({ lineStart: ordinal * 10 + 1, lineEnd: ordinal * 10 + 10 })).lastInsertRowid));
}

/**
 * 120 filler chunks with random vectors, and three planted ones for the
 * query "zeppelin hangar": one shares its words but points away from the
 * query vector, one shares no word but lies next to the query vector, one
 * has both.
 */
function buildLibrary(db: HearthDatabase): Library {
  const vectors = seededVectors(42);
  const index = createChunkIndex(db);
  const query = vectors.random();
  const fillerTexts = Array.from({ length: 120 }, (_, i) => Array.from({ length: 12 }, (_, j) => FILLER[(i * 7 + j * 3) % FILLER.length]).join(' '));
  const fillerIds = addDocument(db, 'doc-filler', 'Filler.txt', fillerTexts);
  const [keywordOnly, vectorOnly, both] = addDocument(db, 'doc-planted', 'Airships.md', [
    'The zeppelin hangar at the old airfield was built in 1929.',
    'A rigid dirigible was moored beside the tall mast overnight.',
    'Every zeppelin needed a mooring crew of two hundred people.',
  ]) as [number, number, number];
  index.setVectors(fillerIds.map((chunkId) => ({ chunkId, vector: vectors.random() })), MODEL);
  index.setVectors(
    [
      { chunkId: keywordOnly, vector: query.map((v) => -v) },
      { chunkId: vectorOnly, vector: vectors.near(query, 0.1) },
      { chunkId: both, vector: vectors.near(query, 0.6) },
    ],
    MODEL,
  );
  return { db, index, query, chunks: { keywordOnly, vectorOnly, both } };
}


const ids = (hits: readonly { chunkId: number }[]) => hits.map((hit) => hit.chunkId);

describe('retrieval over document chunks', () => {
  it('finds a chunk by keyword only, by vector only, and ranks the one both found first', () => {
    const { db, index, query, chunks } = buildLibrary(openDatabase(path.join(tempDir(), 'hearth.db')));

    const byKeyword = index.keywordSearch('zeppelin hangar', 8);
    expect(ids(byKeyword)).toEqual([chunks.keywordOnly, chunks.both]);
    expect(byKeyword[0]).toMatchObject({
      documentId: 'doc-planted',
      documentName: 'Airships.md',
      text: 'The zeppelin hangar at the old airfield was built in 1929.',
      location: { lineStart: 1, lineEnd: 10 },
      keywordRank: 1,
      vectorRank: null,
    });

    const byVector = index.vectorSearch(query, 8, MODEL);
    expect(ids(byVector).slice(0, 2)).toEqual([chunks.vectorOnly, chunks.both]);
    expect(ids(byVector)).not.toContain(chunks.keywordOnly);
    expect(byVector[0]!.score).toBeGreaterThan(0.95);
    expect(byVector[0]!.score).toBeGreaterThan(byVector[1]!.score);

    const { hits, timings } = index.hybridSearch({ text: 'zeppelin hangar', vector: query, model: MODEL, limit: 8 });
    // The other 120 chunks have random vectors: none is clearly closer to the query than the library at large.
    expect(hits).toHaveLength(3);
    expect(hits[0]).toMatchObject({ chunkId: chunks.both, keywordRank: 2, vectorRank: 2 });
    expect(hits[0]!.score).toBeCloseTo(2 / 62, 12);
    expect(ids(hits.slice(1, 3)).sort()).toEqual([chunks.keywordOnly, chunks.vectorOnly].sort());
    expect(hits.find((hit) => hit.chunkId === chunks.keywordOnly)).toMatchObject({ keywordRank: 1, vectorRank: null });
    expect(hits.find((hit) => hit.chunkId === chunks.vectorOnly)).toMatchObject({ keywordRank: null, vectorRank: 1 });
    for (const ms of Object.values(timings)) expect(ms).toBeGreaterThanOrEqual(0);
    db.close();
  });

  it('finds nothing by meaning for a question unrelated to every chunk, once the library is large enough to tell', () => {
    const { db, index, query } = buildLibrary(openDatabase(path.join(tempDir(), 'hearth.db')));
    const unrelated = seededVectors(7).random();
    expect(index.vectorSearch(unrelated, 8, MODEL)).toEqual([]);
    expect(index.vectorSearch(query, 8, MODEL).length).toBeGreaterThan(0);

    db.close();

    // Ten chunks say too little about what is typical: the nearest are returned, as without a floor.
    const smallDb = openDatabase(path.join(tempDir(), 'hearth.db'));
    const small = createChunkIndex(smallDb);
    const vectors = seededVectors(3);
    const chunkIds = addDocument(smallDb, 'doc-small', 'Small.txt', Array.from({ length: 10 }, (_, i) => `Note ${i}`));
    small.setVectors(chunkIds.map((chunkId) => ({ chunkId, vector: vectors.random() })), MODEL);
    expect(small.vectorSearch(vectors.random(), 8, MODEL)).toHaveLength(8);
    smallDb.close();
  });

  it('treats any query text as words, never as syntax', () => {
    const { db, index, query, chunks } = buildLibrary(openDatabase(path.join(tempDir(), 'hearth.db')));
    for (const text of ['"', 'AND', '*', 'NEAR(', '🔥', '', 'zeppelin" OR "', '-zeppelin', 'text:zeppelin', '((zeppelin', '^ zeppelin *']) {
      expect(() => index.keywordSearch(text, 8)).not.toThrow();
      expect(() => index.hybridSearch({ text, vector: query, model: MODEL, limit: 8 })).not.toThrow();
    }
    expect(ids(index.keywordSearch('zeppelin" OR "', 8))).toContain(chunks.both);
    expect(index.keywordSearch('🔥', 8)).toEqual([]);
    expect(index.hybridSearch({ text: '', vector: query, model: MODEL, limit: 3 }).hits[0]!.chunkId).toBe(chunks.vectorOnly);
    db.close();
  });

  it('leaves out of a keyword query a word most chunks of a large library hold', () => {
    const db = openDatabase(path.join(tempDir(), 'hearth.db'));
    const index = createChunkIndex(db);
    const texts = Array.from({ length: 1200 }, (_, i) => `Harbour report number ${i} for the evening tide.`);
    texts[700] = 'Harbour report: a zeppelin was seen over the pier.';
    const chunkIds = addDocument(db, 'doc-harbour', 'Harbour.txt', texts);

    // "harbour" is in every chunk: only "zeppelin" is searched, so the one chunk that has it is the only hit.
    expect(ids(index.keywordSearch('harbour zeppelin', 16))).toEqual([chunkIds[700]]);
    // A query of frequent words only tells no chunk apart: the keyword search leaves it to the search by meaning.
    expect(index.keywordSearch('harbour report', 16)).toEqual([]);
    db.close();
  });

  it('forgets a deleted document in both searches and in the vector table', () => {
    const { db, index, query, chunks } = buildLibrary(openDatabase(path.join(tempDir(), 'hearth.db')));
    expect(index.status().indexedVectors).toBe(123);

    db.prepare('DELETE FROM documents WHERE id = ?').run('doc-planted');

    expect(index.keywordSearch('zeppelin', 8)).toEqual([]);
    const planted = Object.values(chunks);
    // A filler word as well, so that the search still finds something: only filler chunks.
    const left = index.hybridSearch({ text: `zeppelin hangar mooring ${FILLER[0]}`, vector: query, model: MODEL, limit: 50 }).hits;
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((hit) => hit.documentId === 'doc-filler' && !planted.includes(hit.chunkId))).toBe(true);
    expect(index.status().indexedVectors).toBe(120);
    db.close();
  });

  it('compares only vectors of the query\u2019s model, and keeps another size in a table of its own', () => {
    const { db, index, query, chunks } = buildLibrary(openDatabase(path.join(tempDir(), 'hearth.db')));
    const [other] = addDocument(db, 'doc-other', 'Other model.txt', ['Embedded by another model.']) as [number];
    index.setVector(other, query, 'other-model');
    expect(ids(index.vectorSearch(query, 130, MODEL))).not.toContain(other);
    expect(ids(index.vectorSearch(query, 8, 'other-model'))).toEqual([other]);

    const vectors = seededVectors(7);
    const small = vectors.random(32);
    const [thirtyTwo] = addDocument(db, 'doc-32', 'Small.txt', ['Embedded in 32 dimensions.']) as [number];
    index.setVector(thirtyTwo, small, 'small-model');
    expect(ids(index.vectorSearch(small, 8, 'small-model'))).toEqual([thirtyTwo]);
    expect(ids(index.vectorSearch(query, 1, MODEL))).toEqual([chunks.vectorOnly]);
    expect(index.vectorSearch(vectors.random(128), 8, MODEL)).toEqual([]);
    db.close();
  });

  it('filters every search by document', () => {
    const { db, index, query, chunks } = buildLibrary(openDatabase(path.join(tempDir(), 'hearth.db')));
    const inFiller = index.hybridSearch({ text: 'zeppelin river', vector: query, model: MODEL, limit: 8, documentIds: ['doc-filler'] }).hits;
    expect(inFiller).toHaveLength(8);
    expect(inFiller.every((hit) => hit.documentId === 'doc-filler')).toBe(true);
    expect(ids(index.vectorSearch(query, 2, MODEL, ['doc-planted']))).toEqual([chunks.vectorOnly, chunks.both]);
    expect(ids(index.keywordSearch('zeppelin', 8, ['doc-filler']))).toEqual([]);
    expect(index.hybridSearch({ text: 'zeppelin', vector: query, model: MODEL, limit: 8, documentIds: [] }).hits).toEqual([]);
    db.close();
  });

  it('clears every vector when the embedding model changes, and indexes again afterwards', () => {
    const { db, index, query, chunks } = buildLibrary(openDatabase(path.join(tempDir(), 'hearth.db')));
    index.clearVectors();
    const stored = db.prepare('SELECT count(*) AS n FROM chunks WHERE vector IS NOT NULL OR vector_model IS NOT NULL').get() as { n: number };
    expect(stored.n).toBe(0);
    expect(index.status().indexedVectors).toBe(0);
    expect(index.vectorSearch(query, 8, MODEL)).toEqual([]);
    expect(ids(index.keywordSearch('zeppelin', 8))).toHaveLength(2);

    index.setVector(chunks.vectorOnly, query, 'new-model');
    expect(ids(index.vectorSearch(query, 8, 'new-model'))).toEqual([chunks.vectorOnly]);
    expect(index.status().indexedVectors).toBe(1);
    db.close();
  });

  it('refuses vectors it cannot index, and skips a chunk deleted while it was embedded', () => {
    const { db, index, query } = buildLibrary(openDatabase(path.join(tempDir(), 'hearth.db')));
    const refusal = (vector: Float32Array) => {
      try {
        index.setVector(1, vector, MODEL);
      } catch (error) {
        return error instanceof HearthError ? error.code : String(error);
      }
      return 'accepted';
    };
    expect(refusal(new Float32Array(64))).toBe('RETRIEVAL_VECTOR_INVALID');
    expect(refusal(new Float32Array(60).fill(1))).toBe('RETRIEVAL_VECTOR_INVALID');
    expect(refusal(new Float32Array(64).fill(Number.NaN))).toBe('RETRIEVAL_VECTOR_INVALID');
    expect(() => index.vectorSearch(new Float32Array(64), 8, MODEL)).toThrow(HearthError);
    index.setVector(999_999, query, MODEL);
    expect(index.status().indexedVectors).toBe(123);
    db.close();
  });

  it('works on an encrypted database, across a reopen', () => {
    const file = path.join(tempDir(), 'hearth.db');
    const key = crypto.randomBytes(32);
    const { db, query, chunks } = buildLibrary(openDatabase(file, { key }));
    db.close();
    expect(fs.readFileSync(file).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');

    const reopened = openDatabase(file, { key });
    const index = createChunkIndex(reopened);
    expect(index.hybridSearch({ text: 'zeppelin hangar', vector: query, model: MODEL, limit: 3 }).hits[0]!.chunkId).toBe(chunks.both);
    expect(index.status().indexedVectors).toBe(123);
    reopened.prepare('DELETE FROM documents WHERE id = ?').run('doc-planted');
    expect(index.status().indexedVectors).toBe(120);
    reopened.close();
  });
});
