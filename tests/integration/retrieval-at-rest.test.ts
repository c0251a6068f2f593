/**
 * Issue 15: the chunk index keeps nothing in the clear on disk. A passage's
 * text, its vector (as given and as stored, normalised) and the vector's
 * binary code are found in no file of the data folder, WAL and backups
 * included, while the database is open and after it is closed. The same
 * search over an unencrypted database written the same way finds them, so
 * a search that finds nothing cannot pass for one that found nothing there.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChunkIndex } from '../../src/memory/retrieval/chunk-index.ts';
import { fromBlob } from '../../src/memory/retrieval/vectors.ts';
import { openDatabase, type HearthDatabase } from '../../src/store/open.ts';
import { databaseFileName } from '../../src/store/store.ts';
import { findOnDisk } from '../helpers/bytes-on-disk.ts';
import { addDocuments, ask, closeCore, closeCoresAfterEach, openDataDatabase, startCore, writeTinyEmbedder } from '../helpers/documents-core.ts';
import { seededRandom } from '../helpers/seeded-random.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
closeCoresAfterEach();

const WORD = 'quillowback';
const PASSAGE = `The ${WORD} orchard keeps its brass seeds in a cellar under the old mill.`;
const MODEL = 'at-rest-embed-384';

/** The binary code of a unit vector: bit i (in byte i >> 3, least significant first) set where component i is positive. */
function signCode(unit: Float32Array): Buffer {
  const code = Buffer.alloc(unit.length / 8);
  unit.forEach((value, i) => {
    if (value > 0) code[i >> 3]! |= 1 << (i & 7);
  });
  return code;
}

const floatBytes = (vector: Float32Array) => Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);

const textNeedles = (encoding: 'utf8' | 'utf16le') => ({
  [`passage (${encoding})`]: Buffer.from(PASSAGE, encoding),
  [`"${WORD}" (${encoding})`]: Buffer.from(WORD, encoding),
});

/** What must not be on disk of one chunk's vector: as stored (normalised) and its code. */
const vectorNeedles = (label: string, stored: Float32Array) => ({
  [`${label} as stored`]: floatBytes(stored),
  [`${label}'s code`]: signCode(stored),
});

/** A 384-d vector of no unit length, so that its bytes as given differ from its bytes as stored. */
function rawVector(): Float32Array {
  const random = seededRandom(384);
  return Float32Array.from({ length: 384 }, () => 3 * (random() - 0.4));
}

/** A document of filler chunks and the passage, embedded with `vector`, written and searched through the chunk index. */
function writePassage(db: HearthDatabase, vector: Float32Array) {
  const index = createChunkIndex(db);
  db.prepare(`INSERT INTO documents (id, name, source_path, kind, size_bytes, sha256, status, chunk_count, created_at, updated_at)
              VALUES ('doc-orchard', 'orchard.md', '/notes/orchard.md', 'md', 1, 'x', 'ready', 33, 0, 0)`).run();
  const insertChunk = db.prepare(`INSERT INTO chunks (document_id, ordinal, text, location) VALUES ('doc-orchard', ?, ?, '{"lineStart":1,"lineEnd":1}')`);
  const random = seededRandom(7);
  const fillers = Array.from({ length: 32 }, (_, ordinal) => ({
    chunkId: Number(insertChunk.run(ordinal, `Filler line ${ordinal} about the weather.`).lastInsertRowid),
    vector: Float32Array.from({ length: 384 }, () => random() - 0.5),
  }));
  const chunkId = Number(insertChunk.run(32, PASSAGE).lastInsertRowid);
  index.setVectors([...fillers, { chunkId, vector }], MODEL);
  expect(index.vectorSearch(vector, 1, MODEL).map((hit) => hit.chunkId)).toEqual([chunkId]);
  expect(index.keywordSearch(WORD, 1).map((hit) => hit.chunkId)).toEqual([chunkId]);
  const stored = Float32Array.from(fromBlob(db.prepare('SELECT vector FROM chunks WHERE id = ?').pluck().get(chunkId) as Uint8Array));
  return { index, stored };
}

/** Writes the passage into a database in `dir`, and what the folder holds of it when written, once the index settled, and once closed. */
async function foundWhileWriting(dir: string, key: Buffer | undefined) {
  const vector = rawVector();
  const db = openDatabase(path.join(dir, databaseFileName), key ? { key } : {});
  const { index, stored } = writePassage(db, vector);
  const needles = { ...textNeedles('utf8'), ...textNeedles('utf16le'), 'the vector as given': floatBytes(vector), ...vectorNeedles('the vector', stored) };
  const written = findOnDisk(dir, needles);
  await index.settle();
  expect(index.vectorSearch(vector, 1, MODEL).map((hit) => hit.text)).toEqual([PASSAGE]);
  const settled = findOnDisk(dir, needles);
  index.close();
  db.close();
  return { written, settled, closed: findOnDisk(dir, needles) };
}

describe('the chunk index at rest', () => {
  it('finds a passage, its vector and its code in the files of an unencrypted database, and none of them in an encrypted one', async () => {
    const plain = await foundWhileWriting(tempDir(), undefined);
    // Once settled, the codes are in the database's rows; closed, every page is in the main file.
    expect(plain.closed.sort()).toEqual([
      '"quillowback" (utf8) in hearth.db',
      'passage (utf8) in hearth.db',
      "the vector as stored in hearth.db",
      "the vector's code in hearth.db",
    ]);
    expect(plain.written).toContain('"quillowback" (utf8) in hearth.db-wal');

    const encrypted = await foundWhileWriting(tempDir(), crypto.randomBytes(32));
    expect(encrypted).toEqual({ written: [], settled: [], closed: [] });
  });

  it('keeps an ingested document’s passage, vectors and codes out of every file of the data folder, open and closed', async () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const note = path.join(dir, 'notes', 'orchard.md');
    fs.mkdirSync(path.dirname(note), { recursive: true });
    fs.writeFileSync(note, [`# Orchards`, PASSAGE, ...Array.from({ length: 6 }, (_, i) => `Paragraph ${i}. ${'The fox ran over the hill. '.repeat(20)}`)].join('\n\n'));
    const watched = await startCore(dataDir, { embeddingModelPath: await writeTinyEmbedder(dir, 64) });

    const { added: [document] } = await addDocuments(watched.core, note);
    expect((await watched.settled(document!.id)).status).toBe('ready');
    const { context } = await ask(watched.core, `Where does the ${WORD} orchard keep its seeds?`);
    expect(context.sources.some((source) => source.text.includes(PASSAGE))).toBe(true);

    // The vectors as the app stored them, read through a second connection with the key.
    const db = await openDataDatabase(dataDir);
    const chunks = db.prepare('SELECT ordinal, text, vector FROM chunks WHERE document_id = ? ORDER BY ordinal').all(document!.id) as { ordinal: number; text: string; vector: Uint8Array | null }[];
    db.close();
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.some((chunk) => chunk.text.includes(PASSAGE))).toBe(true);
    const needles = {
      ...textNeedles('utf8'),
      ...textNeedles('utf16le'),
      ...Object.assign({}, ...chunks.map((chunk) => vectorNeedles(`chunk ${chunk.ordinal}'s vector`, Float32Array.from(fromBlob(chunk.vector!))))),
    };

    expect(findOnDisk(dataDir, needles), 'while the app is open').toEqual([]);
    await closeCore(watched);
    expect(findOnDisk(dataDir, needles), 'once the app closed').toEqual([]);
  });
});
