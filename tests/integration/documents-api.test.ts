import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DocumentView, MethodResult } from '../../src/api/contract.ts';
import { createChunkIndex } from '../../src/memory/retrieval/chunk-index.ts';
import {
  addDocuments, ask, closeCore, closeCoresAfterEach, listDocuments, openDataDatabase, pageWord, startCore, writeBookPdf, writeNote,
  writeTinyEmbedder,
} from '../helpers/documents-core.ts';
import { demoModelPath } from '../helpers/models.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { unlockedForTests } from '../helpers/vault.ts';

const tempDir = useTempDirs();
closeCoresAfterEach();

describe('documents through the API', () => {
  it('adds a folder: supported files are ingested to ready, the rest are listed as skipped', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'notes');
    writeNote(path.join(folder, 'a.md'), 'apple', 3);
    writeNote(path.join(folder, 'deep', 'er', 'b.txt'), 'banana', 1);
    writeNote(path.join(folder, '.hidden.md'), 'ghost', 1);
    writeNote(path.join(folder, '.cache', 'c.md'), 'ghost', 1);
    fs.writeFileSync(path.join(folder, 'deep', 'photo.png'), 'not text');
    const { core, events, settled } = await startCore(path.join(dir, 'data'), { embeddingModelPath: await writeTinyEmbedder(dir, 64) });

    const { added, skipped } = await addDocuments(core, folder);
    expect(added.map((document) => document.name)).toEqual(['a.md', 'b.txt']);
    expect(skipped).toEqual([path.join(folder, 'deep', 'photo.png')]);
    for (const { id } of added) expect((await settled(id)).status).toBe('ready');
    for (const { id } of added) {
      const statuses = events.get(id)!.map((document) => document!.status);
      expect(statuses.at(-1)).toBe('ready');
      expect(statuses).toContain('embedding');
    }
    const listed = await listDocuments(core);
    expect(listed.map((document) => [document.name, document.status])).toEqual([['b.txt', 'ready'], ['a.md', 'ready']]);
    for (const document of listed) {
      expect(document.chunkCount).toBeGreaterThan(0);
      expect(document.embeddedCount).toBe(document.chunkCount);
    }
  });

  it('ingests a 200-page PDF, and a question naming page 137 is answered from a passage on page 137', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'book.pdf');
    await writeBookPdf(file, 200);
    const { core, settled } = await startCore(path.join(dir, 'data'), { embeddingModelPath: await writeTinyEmbedder(dir, 64) });

    const started = performance.now();
    const { added: [book] } = await addDocuments(core, file);
    const ready = await settled(book!.id);
    console.log(`200-page PDF ingested (${ready.chunkCount} chunks) in ${(performance.now() - started).toFixed(0)} ms`);
    expect(ready).toMatchObject({ status: 'ready', kind: 'pdf', error: null });
    expect(ready.chunkCount).toBeGreaterThanOrEqual(200);
    expect(ready.embeddedCount).toBe(ready.chunkCount);

    const { context } = await ask(core, `Where is ${pageWord(137)}?`);
    const onPage = context.sources.filter((source) => source.text.includes(pageWord(137)));
    expect(onPage.length).toBeGreaterThan(0);
    for (const source of onPage) expect(source).toMatchObject({ documentId: book!.id, documentName: 'book.pdf', location: { page: 137 } });
    const passage = (await core.call('documents.passage', { chunkId: onPage[0]!.chunkId })) as MethodResult<'documents.passage'>;
    expect(passage).toMatchObject({ chunkId: onPage[0]!.chunkId, location: { page: 137 }, text: onPage[0]!.text });
    expect(passage.before.length + passage.after.length).toBeGreaterThan(0);
  });

  it('fails a corrupt PDF with DOCUMENT_UNREADABLE and still ingests the good files beside it', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'mixed');
    writeNote(path.join(folder, 'first.md'), 'cherry', 2);
    fs.writeFileSync(path.join(folder, 'broken.pdf'), '%PDF-1.7 this is not really a PDF');
    writeNote(path.join(folder, 'last.txt'), 'damson', 2);
    const { core, settled } = await startCore(path.join(dir, 'data'), { embeddingModelPath: await writeTinyEmbedder(dir, 64) });

    const { added } = await addDocuments(core, folder);
    const outcomes = await Promise.all(added.map(({ id }) => settled(id)));
    const byName = Object.fromEntries(outcomes.map((document) => [document.name, document]));
    expect(byName['broken.pdf']).toMatchObject({ status: 'failed', chunkCount: 0, error: { code: 'DOCUMENT_UNREADABLE' } });
    expect(byName['broken.pdf']!.error!.message).toMatch(/^[A-Z].{10,}\.$/);
    expect(byName['first.md']).toMatchObject({ status: 'ready', error: null });
    expect(byName['last.txt']).toMatchObject({ status: 'ready', error: null });
  });

  it('resumes by itself after the app was killed mid-ingest, storing each chunk and vector once', async () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    // 20 paragraphs of ~620 characters, one chunk each: several batches, seconds of work for the slow demo embedder.
    const note = writeNote(path.join(dir, 'long.md'), 'walnut', 20);
    const coreModule = path.resolve('src/core/core.ts');
    const script = `
      import { createCore } from ${JSON.stringify(coreModule)};
      const core = await createCore({ mode: 'browser', dataDir: ${JSON.stringify(dataDir)}, modelPath: ${JSON.stringify(demoModelPath)},
        threads: 1, ...${JSON.stringify(unlockedForTests)} });
      await core.modelLoad;
      core.on((m) => { if (m.event === 'documents.changed' && m.payload.document?.embeddedCount >= 1) console.log('embedding'); });
      await core.call('documents.add', { path: ${JSON.stringify(note)} });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const restarted = await startCore(dataDir, {}, false);
    // Read before anything resumes: that waits for both models to load.
    const [interrupted] = await listDocuments(restarted.core);
    expect(interrupted).toMatchObject({ name: 'long.md', status: 'embedding' });
    expect(interrupted!.embeddedCount).toBeGreaterThan(0);
    expect(interrupted!.embeddedCount).toBeLessThan(interrupted!.chunkCount);
    const resumeStarted = performance.now();
    const ready = await restarted.settled(interrupted!.id);
    expect(ready.status).toBe('ready');
    console.log(`killed with ${interrupted!.embeddedCount} of ${interrupted!.chunkCount} chunks embedded; resumed to ready in ${(performance.now() - resumeStarted).toFixed(0)} ms`);
    expect(ready).toMatchObject({ chunkCount: interrupted!.chunkCount, embeddedCount: interrupted!.chunkCount });
    await closeCore(restarted);

    // The database itself: the API's counts could hide a chunk or a vector stored twice.
    const db = await openDataDatabase(dataDir);
    try {
      const count = (sql: string) => db.prepare(sql).pluck().get(interrupted!.id) as number;
      expect(count('SELECT count(*) FROM chunks WHERE document_id = ?')).toBe(ready.chunkCount);
      expect(count('SELECT count(DISTINCT ordinal) FROM chunks WHERE document_id = ? AND ordinal < ' + ready.chunkCount)).toBe(ready.chunkCount);
      expect(count('SELECT count(*) FROM chunks WHERE document_id = ? AND vector IS NOT NULL')).toBe(ready.chunkCount);
      // The vector index: one code per stored vector, none left over from the killed run.
      const index = createChunkIndex(db);
      expect(index.status().indexedVectors).toBe(db.prepare('SELECT count(*) FROM chunks WHERE vector IS NOT NULL').pluck().get());
      index.close();
      expect(db.prepare('SELECT document_id, ordinal FROM chunks GROUP BY document_id, ordinal HAVING count(*) > 1').all()).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('gives a conversation its pinned document whatever the question, until it is unpinned', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'cards');
    // One short chunk each, so that every passage found fits in the demo model's prompt.
    const words = ['acorn', 'birch', 'cedar', 'dogwood', 'elm', 'fir', 'ginkgo', 'hazel', 'ivy', 'juniper'];
    for (const word of words) {
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, `${word}.txt`), `The ${word} card says ${word} grows slowly in the north.`);
    }
    const { core, settled } = await startCore(path.join(dir, 'data'), { embeddingModelPath: await writeTinyEmbedder(dir, 64) });
    const { added } = await addDocuments(core, folder);
    for (const { id } of added) expect((await settled(id)).status).toBe('ready');

    // No word of the question is in any card: what is found, is found by vector alone (a fixed result for a fixed question).
    const question = 'How many legs does a spider have?';
    const first = await ask(core, question);
    const foundIds = new Set(first.context.sources.map((source) => source.documentId));
    const unfound = added.find((document) => !foundIds.has(document.id))!;
    expect(unfound).toBeDefined();

    const pinned = (await core.call('documents.pin', { conversationId: first.conversationId, documentId: unfound.id, pinned: true })) as string[];
    expect(pinned).toEqual([unfound.id]);
    expect(await core.call('documents.pinned', { conversationId: first.conversationId })).toEqual([unfound.id]);
    const withPin = await ask(core, question, first.conversationId);
    expect(withPin.context.sources[0]).toMatchObject({ documentId: unfound.id, documentName: unfound.name });

    expect(await core.call('documents.pin', { conversationId: first.conversationId, documentId: unfound.id, pinned: false })).toEqual([]);
    const unpinned = await ask(core, question, first.conversationId);
    expect(unpinned.context.sources.map((source) => source.documentId)).not.toContain(unfound.id);

    await expect(core.call('documents.pin', { conversationId: 'no-such-conversation', documentId: unfound.id, pinned: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.call('documents.pin', { conversationId: first.conversationId, documentId: 'no-such-document', pinned: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.call('documents.pinned', { conversationId: 'no-such-conversation' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('removes a document while it is being ingested and after, from the list and from search', async () => {
    const dir = tempDir();
    const { core, events, settled, removed } = await startCore(path.join(dir, 'data'), { embeddingModelPath: await writeTinyEmbedder(dir, 64) });
    const kept = writeNote(path.join(dir, 'kept.md'), 'quince', 2);
    const done = writeNote(path.join(dir, 'done.md'), 'rowan', 2);
    const busy = writeNote(path.join(dir, 'busy.md'), 'sorrel', 40);

    const { added: [keptDocument] } = await addDocuments(core, kept);
    const { added: [doneDocument] } = await addDocuments(core, done);
    expect((await settled(doneDocument!.id)).status).toBe('ready');
    const { context } = await ask(core, 'What does rowan1 say?');
    const cited = context.sources.find((source) => source.documentId === doneDocument!.id)!;
    expect(cited.text).toContain('rowan1');
    expect(await core.call('documents.remove', { id: doneDocument!.id })).toEqual({ removed: true });
    await expect(core.call('documents.passage', { chunkId: cited.chunkId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(events.get(doneDocument!.id)!.at(-1)).toBeNull();

    const { added: [busyDocument] } = await addDocuments(core, busy);
    let removal: Promise<unknown> | undefined;
    let seenAtRemoval: DocumentView | undefined;
    const off = core.on((message) => {
      const { document } = message.payload as { document?: DocumentView | null };
      if (message.event !== 'documents.changed' || document?.id !== busyDocument!.id || document.status !== 'embedding' || removal) return;
      seenAtRemoval = document;
      removal = core.call('documents.remove', { id: document.id });
    });
    await removed(busyDocument!.id);
    off();
    expect(await removal).toEqual({ removed: true });
    expect(seenAtRemoval!.embeddedCount).toBeLessThan(seenAtRemoval!.chunkCount);
    const busyEvents = events.get(busyDocument!.id)!;
    expect(busyEvents.at(-1)).toBeNull();
    expect(busyEvents.map((document) => document?.status)).not.toContain('ready');

    expect((await settled(keptDocument!.id)).status).toBe('ready');
    expect((await listDocuments(core)).map((document) => document.name)).toEqual(['kept.md']);
    for (const word of ['rowan1', 'sorrel7']) {
      const { context: after } = await ask(core, `What does ${word} say?`);
      expect(after.sources.map((source) => source.documentId)).toEqual(after.sources.map(() => keptDocument!.id));
    }
  });

  it('re-embeds every document in the background when the embedding model changes', async () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const first = await startCore(dataDir, { embeddingModelPath: await writeTinyEmbedder(dir, 64) });
    const { added } = await addDocuments(first.core, writeNote(path.join(dir, 'plums.md'), 'plum', 4));
    expect((await first.settled(added[0]!.id)).status).toBe('ready');
    await closeCore(first);

    const second = await startCore(dataDir, { embeddingModelPath: await writeTinyEmbedder(dir, 128) });
    const ready = await second.settled(added[0]!.id);
    expect(ready).toMatchObject({ status: 'ready', embeddedCount: ready.chunkCount });
    // Re-embedded by the new model's own run, batch by batch: embedding (as often as there are batches), then ready.
    expect([...new Set(second.events.get(added[0]!.id)!.map((document) => document!.status))]).toEqual(['embedding', 'ready']);
    // No word of the question is in the note: only the 128-d vectors of the new model can find it.
    const { context } = await ask(second.core, 'How many legs does a spider have?');
    expect(context.sources.map((source) => source.documentId)).toContain(added[0]!.id);
    await closeCore(second);

    const db = await openDataDatabase(dataDir);
    try {
      const models = db.prepare('SELECT vector_model, count(*) AS chunks FROM chunks GROUP BY vector_model').all();
      expect(models).toEqual([{ vector_model: expect.stringMatching(/^embed-128\.gguf:\d+$/), chunks: ready.chunkCount }]);
      // The old model's codes are gone with its vectors.
      const codeModels = db.prepare('SELECT model, dimensions FROM vector_code_log UNION SELECT model, dimensions FROM vector_code_ranges');
      expect(codeModels.all()).toEqual([{ model: expect.stringMatching(/^embed-128\.gguf:\d+$/), dimensions: 128 }]);
    } finally {
      db.close();
    }
  });
});
