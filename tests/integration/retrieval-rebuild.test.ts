import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createChunkIndex } from '../../src/memory/retrieval/chunk-index.ts';
import { normalise, toBlob } from '../../src/memory/retrieval/vectors.ts';
import { schemaVersion } from '../../src/store/migrations.ts';
import { openDatabase, type HearthDatabase } from '../../src/store/open.ts';
import { seededRandom } from '../helpers/seeded-random.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { dropSinceVectorCodes, migrationsSinceVectorCodes } from '../helpers/vector-codes-schema.ts';

const tempDir = useTempDirs();
const MODEL = 'demo-embed-64';
const CHUNKS = 5000;

/** The schema of the release before the binary codes: the codes' tables gone, and sqlite-vec's table as that release kept it. */
function makeLegacy(db: HearthDatabase): void {
  dropSinceVectorCodes(db);
  db.exec(`
    CREATE VIRTUAL TABLE chunk_vectors_bit64 USING vec0(embedding bit[64], vector_model text partition key, document_id text);
    CREATE TRIGGER chunk_vectors_bit64_forget AFTER DELETE ON chunks BEGIN DELETE FROM chunk_vectors_bit64 WHERE rowid = old.id; END;`);
  db.pragma(`user_version = ${schemaVersion - migrationsSinceVectorCodes}`);
}

function writeLegacyLibrary(file: string): Float32Array[] {
  const db = openDatabase(file);
  makeLegacy(db);
  const random = seededRandom(3);
  const vectors = Array.from({ length: CHUNKS }, () => normalise(Float32Array.from({ length: 64 }, () => random() - 0.5)));
  db.prepare(`INSERT INTO documents (id, name, source_path, kind, size_bytes, sha256, status, chunk_count, created_at, updated_at)
              VALUES ('doc', 'Old.txt', '/docs/Old.txt', 'txt', 1, 'x', 'ready', ?, 0, 0)`).run(CHUNKS);
  const insert = db.prepare(`INSERT INTO chunks (id, document_id, ordinal, text, location, vector, vector_model) VALUES (?, 'doc', ?, ?, '{}', ?, ?)`);
  const legacy = db.prepare('INSERT INTO chunk_vectors_bit64 (rowid, embedding, vector_model, document_id) VALUES (?, vec_quantize_binary(?), ?, ?)');
  db.transaction(() => {
    vectors.forEach((vector, i) => {
      insert.run(i + 1, i, `passage number ${i} about ${i % 2 ? 'lighthouses' : 'orchards'}`, toBlob(vector), MODEL);
      legacy.run(BigInt(i + 1), toBlob(vector), MODEL, 'doc');
    });
  })();
  db.close();
  return vectors;
}

describe('a library written before the binary codes', () => {
  it('rebuilds its vector index from the stored vectors in the background, with progress, answering questions meanwhile', async () => {
    const file = path.join(tempDir(), 'hearth.db');
    const vectors = writeLegacyLibrary(file);

    const db = openDatabase(file);
    const index = createChunkIndex(db);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name LIKE 'chunk_vectors_bit%'`).all()).toEqual([]);
    expect(index.status()).toEqual({ indexedVectors: 0, rebuild: { done: 0, total: CHUNKS } });
    // Before the rebuild: words still find passages, and a search by meaning finds nothing rather than failing.
    expect(index.keywordSearch('lighthouses 7', 5).length).toBeGreaterThan(0);
    expect(index.vectorSearch(vectors[7]!, 1, MODEL)).toEqual([]);

    const seen: number[] = [];
    let settled = false;
    const settling = index.settle().then(() => (settled = true));
    while (!settled) {
      seen.push(index.status().rebuild?.done ?? CHUNKS);
      // Between steps a question is answered, from the codes built so far.
      expect(() => index.hybridSearch({ text: 'orchards', vector: vectors[4000]!, model: MODEL, limit: 3 })).not.toThrow();
      await sleep(1);
    }
    await settling;
    expect(seen.some((done) => done > 0 && done < CHUNKS)).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(index.status()).toEqual({ indexedVectors: CHUNKS, rebuild: null });
    for (const i of [0, 2047, 2048, 4999]) expect(index.vectorSearch(vectors[i]!, 1, MODEL)[0]!.chunkId).toBe(i + 1);
    index.close();
    db.close();

    // Once rebuilt, never again: a reopened library has every code at once.
    const reopened = openDatabase(file);
    const again = createChunkIndex(reopened);
    expect(again.status()).toEqual({ indexedVectors: CHUNKS, rebuild: null });
    again.close();
    reopened.close();
  });

  it('goes on from where a rebuild stopped when the app closed in the middle', async () => {
    const file = path.join(tempDir(), 'hearth.db');
    const vectors = writeLegacyLibrary(file);
    const db = openDatabase(file);
    const index = createChunkIndex(db);
    void index.settle();
    while ((index.status().rebuild?.done ?? 0) === 0) await sleep(1);
    index.close();
    const partly = index.status();
    db.close();
    expect(partly.rebuild!.done).toBeGreaterThan(0);
    expect(partly.rebuild!.done).toBeLessThan(CHUNKS);

    const reopened = openDatabase(file);
    const resumed = createChunkIndex(reopened);
    expect(resumed.status()).toEqual(partly);
    await resumed.settle();
    expect(resumed.status()).toEqual({ indexedVectors: CHUNKS, rebuild: null });
    expect(resumed.vectorSearch(vectors[4321]!, 1, MODEL)[0]!.chunkId).toBe(4322);
    resumed.close();
    reopened.close();
  });
});
