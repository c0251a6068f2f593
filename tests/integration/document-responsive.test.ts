/**
 * Heavy documents never hurt the app: while decompression bombs and a huge
 * text file are read and refused, every other call is still answered at
 * once, and the core's own memory does not grow with what they expand to.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core/core.ts';
import { addDocuments, closeCoresAfterEach, listDocuments, startCore, writeNote, writeTinyEmbedder } from '../helpers/documents-core.ts';
import { writePdfBomb } from '../helpers/pdf-bomb.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
closeCoresAfterEach();
const mb = 1024 * 1024;

/** A text file of `sizeMb` MB of log lines, written a megabyte at a time. */
function writeHugeText(file: string, sizeMb: number): void {
  const line = 'INFO 2026-11-25 request served in 12 ms\n';
  const block = line.repeat(Math.ceil(mb / line.length));
  const fd = fs.openSync(file, 'w');
  try {
    for (let i = 0; i < sizeMb; i++) fs.writeSync(fd, block);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Calls documents.list every 20 ms until stopped. Each call's latency counts
 * from when it was due, and every call due before the stop is made, so a
 * blocked event loop shows as the wait each call due meanwhile would have had.
 */
function probeLatency(core: Core) {
  const latenciesMs: number[] = [];
  let peakRss = process.memoryUsage.rss();
  let stoppedAt = Infinity;
  const done = (async () => {
    let due = performance.now();
    while (due + 20 < stoppedAt) {
      due += 20;
      await sleep(Math.max(0, due - performance.now()));
      await listDocuments(core);
      latenciesMs.push(performance.now() - due);
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }
  })();
  // A failed call fails the test at stop(); should the test end first (a timeout), the core's closing ends the loop quietly.
  done.catch(() => undefined);
  return {
    async stop() {
      stoppedAt = performance.now();
      await done;
      const sorted = [...latenciesMs].sort((a, b) => a - b);
      return { calls: sorted.length, p95: sorted[Math.floor(sorted.length * 0.95)]!, max: sorted.at(-1)!, peakRss };
    },
  };
}

describe('heavy documents and the rest of the app', () => {
  it('answers calls within 100 ms (p95) while two PDF bombs and a 150 MB text file are refused, and a note beside them is read', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'downloads');
    fs.mkdirSync(folder);
    writePdfBomb(path.join(folder, 'a-bomb.pdf'), { inflatedMiB: 1024 });
    writePdfBomb(path.join(folder, 'b-hidden-bomb.pdf'), { inflatedMiB: 1024, hexWrapped: true });
    writeHugeText(path.join(folder, 'c-huge.txt'), 150);
    writeNote(path.join(folder, 'd-note.md'), 'quince', 2);
    const { core, settled } = await startCore(path.join(dir, 'data'), { embeddingModelPath: await writeTinyEmbedder(dir, 64) });
    const rssBefore = process.memoryUsage.rss();

    const probe = probeLatency(core);
    const { added } = await addDocuments(core, folder);
    const outcomes = await Promise.all(added.map(({ id }) => settled(id)));
    const latency = await probe.stop();
    console.log(`${latency.calls} calls while reading: p95 ${latency.p95.toFixed(1)} ms, max ${latency.max.toFixed(1)} ms; core memory +${((latency.peakRss - rssBefore) / mb).toFixed(0)} MB`);

    const byName = Object.fromEntries(outcomes.map((document) => [document.name, document]));
    expect(byName['a-bomb.pdf']).toMatchObject({
      status: 'failed', chunkCount: 0,
      error: { code: 'DOCUMENT_EXPANDS_TOO_MUCH', message: 'This file expands to more than 256 MB when read, so Hearth did not read it.' },
    });
    expect(byName['b-hidden-bomb.pdf']).toMatchObject({
      status: 'failed', chunkCount: 0,
      error: { code: 'DOCUMENT_EXPANDS_TOO_MUCH', message: 'This file expands to more than 1024 MB in memory when read, so Hearth stopped reading it.' },
    });
    expect(byName['a-bomb.pdf']!.error!.action).toBe('If it is a real document, split it into smaller files; if you do not know where it came from, delete it.');
    expect(byName['c-huge.txt']).toMatchObject({
      status: 'failed', chunkCount: 0,
      error: { code: 'DOCUMENT_TEXT_TOO_LONG', message: 'The text in this file is longer than Hearth reads in one document (16 MB).' },
    });
    expect(byName['d-note.md']).toMatchObject({ status: 'ready', error: null });
    expect((await listDocuments(core)).map((document) => document.status).sort()).toEqual(['failed', 'failed', 'failed', 'ready']);

    expect(latency.calls).toBeGreaterThan(50);
    expect(latency.p95).toBeLessThan(100);
    expect(latency.peakRss - rssBefore).toBeLessThan(200 * mb);
  });
});
