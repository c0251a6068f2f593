/**
 * Issue 15: the chunk index stays consistent with the chunks when the app
 * is killed (SIGKILL) while it writes: at any moment, each embedded chunk
 * is found by its own vector, no deleted chunk is ever found, and the
 * index counts exactly the embedded chunks, both as it opens and once its
 * background work (folding its change log into id ranges) has run. One
 * kill falls in the middle of a fold, with some ranges written and the log
 * not yet trimmed.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { createChunkIndex, type ChunkIndex } from '../../src/memory/retrieval/chunk-index.ts';
import { fromBlob } from '../../src/memory/retrieval/vectors.ts';
import { openDatabase, type HearthDatabase } from '../../src/store/open.ts';
import { chunkCountOf, crashModel, documentId, documentNumber, firstVector, isDeletable } from '../helpers/crash-library.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const writerScript = path.resolve('tests/fixtures/retrieval-crash-writer.ts');
/** Embedded chunks searched by their own vector per check: enough to cover every id range of a few thousand chunks. */
const SAMPLED_CHUNKS = 300;
/** The index folds its change log into its id ranges once the log holds this many changes (FOLD_AFTER_ROWS in vector-codes.ts). */
const FOLD_AFTER_LOGGED_CHANGES = 512;

interface Kill {
  moment: string;
  /** Whether to kill the writer, on a line it printed (the count-th). */
  now: (line: string, count: number) => boolean;
  /** How long after that line the kill comes: into the step the line began. */
  delayMs?: number;
}

/** Runs the writer on the file until `kill` says so, then kills it with SIGKILL; its lines. */
async function runWriter(file: string, key: Buffer, kill: Kill): Promise<string[]> {
  const child = spawn(process.execPath, [writerScript, file, key.toString('hex')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  const lines: string[] = [];
  let killing = false;
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    if (killing || !kill.now(line, lines.length)) return;
    killing = true;
    setTimeout(() => child.kill('SIGKILL'), kill.delayMs ?? 0);
  });
  // Killed, not ended by an error of its own (its stderr is the test's).
  expect(await exited).toBe('SIGKILL');
  return lines;
}

interface Check {
  embedded: number;
  documents: number[];
  deletedVectorsSearched: number;
}

function expectConsistent(db: HearthDatabase, index: ChunkIndex, moment: string): Check {
  const embedded = db.prepare('SELECT id, vector FROM chunks WHERE vector IS NOT NULL ORDER BY id').all() as { id: number; vector: Uint8Array }[];
  expect(index.status().indexedVectors, `indexed vectors ${moment}`).toBe(embedded.length);

  const step = Math.max(1, Math.floor(embedded.length / SAMPLED_CHUNKS));
  const notFoundFirst = embedded
    .filter((_, i) => i % step === 0)
    .map((row) => ({ id: row.id, found: index.vectorSearch(fromBlob(row.vector), 1, crashModel).map((hit) => hit.chunkId) }))
    .filter(({ id, found }) => found[0] !== id);
  expect(notFoundFirst, `chunks not found first by their own vector ${moment}`).toEqual([]);

  const documents = (db.prepare('SELECT id FROM documents').pluck().all() as string[]).map(documentNumber);
  const present = new Set(documents);
  const newest = Math.max(...documents);
  let deletedVectorsSearched = 0;
  for (let n = 0; n < newest; n++) {
    if (!isDeletable(n) || present.has(n)) continue;
    for (let ordinal = 0; ordinal < chunkCountOf(n); ordinal++) {
      const hits = index.vectorSearch(firstVector(n, ordinal), 3, crashModel);
      expect(hits.filter((hit) => hit.documentId === documentId(n)), `${documentId(n)} found after it was deleted, ${moment}`).toEqual([]);
      // Random 64-d vectors lie far apart: only the deleted chunk itself could match this closely.
      expect(hits[0]?.score ?? 0, `a chunk as close as deleted ${documentId(n)}'s, ${moment}`).toBeLessThan(0.99);
      deletedVectorsSearched++;
    }
  }
  return { embedded: embedded.length, documents, deletedVectorsSearched };
}

describe('the chunk index after kill -9', () => {
  it('stays consistent with the chunks when the writer is killed at any moment, and the writer goes on after each restart', async () => {
    const file = path.join(tempDir(), 'hearth.db');
    const key = crypto.randomBytes(32);
    const kills: Kill[] = [
      { moment: 'after 5 steps', now: (_line, count) => count >= 5 },
      { moment: 'after 150 steps', now: (_line, count) => count >= 150 },
      // A fold writes one id range at a time, 5 ms apart: the kill falls between two of them.
      { moment: 'while a settle folded the log', now: (line) => Number(/^settling (\d+)$/.exec(line)?.[1] ?? 0) >= FOLD_AFTER_LOGGED_CHANGES, delayMs: 25 },
      { moment: 'after 300 more steps', now: (_line, count) => count >= 300 },
    ];
    let newest = -1;
    let deletedVectorsSearched = 0;
    for (const kill of kills) {
      const { moment } = kill;
      const lines = await runWriter(file, key, kill);
      // It goes on after the newest document the last check saw: one the kill cut short was rolled back.
      expect(lines[0]).toBe(`continuing at ${documentId(newest + 1)}`);

      const db = openDatabase(file, { key });
      const index = createChunkIndex(db);
      try {
        const opened = expectConsistent(db, index, `as opened, killed ${moment}`);
        await index.settle();
        expect(index.status().rebuild, `a rebuild still running after settle, killed ${moment}`).toBeNull();
        const settled = expectConsistent(db, index, `after settle, killed ${moment}`);
        expect(settled.embedded).toBe(opened.embedded);
        expect(Math.max(...settled.documents)).toBeGreaterThan(newest);
        newest = Math.max(...settled.documents);
        deletedVectorsSearched += settled.deletedVectorsSearched;
        console.log(`killed ${moment} (${lines.length} lines printed): ${settled.documents.length} documents, ${settled.embedded} embedded chunks`);
      } finally {
        index.close();
        db.close();
      }
    }
    expect(deletedVectorsSearched).toBeGreaterThan(0);
  });
});
