import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { createIngestion } from '../../src/memory/ingest/ingestion.ts';
import { createChunkIndex } from '../../src/memory/retrieval/chunk-index.ts';
import { createDocumentRepository, type StoredDocument } from '../../src/store/documents.ts';
import { openDatabase, type HearthDatabase } from '../../src/store/open.ts';
import { demoModelPath } from '../helpers/models.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function startEngine(): Promise<Engine> {
  const settings = new Map<string, unknown>();
  const engine = new Engine({ threads: 1, memory: { get: (key) => settings.get(key) as never, set: (key, value) => settings.set(key, value) }, onStatus: () => undefined });
  closers.push(() => engine.close());
  await engine.loadEmbedder(demoModelPath);
  return engine;
}

function open(file: string): HearthDatabase {
  const db = openDatabase(file);
  closers.push(() => {
    db.close();
  });
  return db;
}

function startIngestion(db: HearthDatabase, engine: Engine, onChange: (document: StoredDocument) => void = () => undefined) {
  const documents = createDocumentRepository(db);
  const index = createChunkIndex(db);
  const ingestion = createIngestion({ documents, index, embed: (texts) => engine.embed(texts), onChange, batchSize: 1 });
  closers.push(() => ingestion.close());
  return { documents, index, ingestion };
}

/** A Markdown note of `paragraphs` paragraphs of about 600 characters, each naming its number. */
function writeNote(dir: string, name: string, paragraphs: number): string {
  const text = Array.from({ length: paragraphs }, (_, i) => `Paragraph ${i} mentions the word lantern${i}. ${'The fox ran over the hill. '.repeat(20)}`).join('\n\n');
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('ingesting documents', () => {
  it('extracts, chunks and embeds a document until it is searchable; a corrupt PDF fails and the next one goes on', async () => {
    const dir = tempDir();
    const engine = await startEngine();
    const { documents, index, ingestion } = startIngestion(open(path.join(dir, 'db.sqlite')), engine);
    const corrupt = path.join(dir, 'broken.pdf');
    fs.writeFileSync(corrupt, '%PDF-1.7 this is not really a PDF');

    const bad = await ingestion.add(corrupt);
    const good = await ingestion.add(writeNote(dir, 'note.md', 3));
    await ingestion.idle();

    expect(documents.get(bad.id)).toMatchObject({ status: 'failed' });
    expect(JSON.parse(documents.get(bad.id)!.error!)).toMatchObject({ code: 'DOCUMENT_UNREADABLE' });
    const ready = documents.get(good.id)!;
    expect(ready.status).toBe('ready');
    expect(ready.chunkCount).toBeGreaterThan(1);
    expect(ready.embeddedCount).toBe(ready.chunkCount);
    const [hit] = index.keywordSearch('lantern2', 3);
    expect(hit).toMatchObject({ documentId: good.id, documentName: 'note.md' });
    const { vectors, model } = await engine.embed(['Paragraph 1 mentions the word lantern1.']);
    expect(index.vectorSearch(vectors[0]!, 3, model).length).toBeGreaterThan(0);
  });

  it('resumes after the app closed mid-ingest, without storing any chunk twice', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'db.sqlite');
    const engine = await startEngine();
    const db = open(file);
    let closed: Promise<void> | undefined;
    const first = startIngestion(db, engine, (document) => {
      if (document.status === 'embedding' && document.embeddedCount >= 1) closed ??= first.ingestion.close();
    });
    const added = await first.ingestion.add(writeNote(dir, 'long.md', 6));
    await first.ingestion.idle();
    await closed;
    const interrupted = first.documents.get(added.id)!;
    expect(interrupted.status).toBe('embedding');
    expect(interrupted.embeddedCount).toBeLessThan(interrupted.chunkCount);

    const second = startIngestion(db, engine);
    second.ingestion.resumeUnfinished();
    await second.ingestion.idle();
    const resumed = second.documents.get(added.id)!;
    expect(resumed).toMatchObject({ status: 'ready', chunkCount: interrupted.chunkCount, embeddedCount: interrupted.chunkCount });
    expect(db.prepare('SELECT count(*) FROM chunks WHERE document_id = ?').pluck().get(added.id)).toBe(interrupted.chunkCount);
  });

  it('cancels on request, and removing a document removes its chunks from search', async () => {
    const dir = tempDir();
    const engine = await startEngine();
    const { documents, index, ingestion } = startIngestion(open(path.join(dir, 'db.sqlite')), engine, (document) => {
      if (document.status === 'embedding') ingestion.cancel(document.id);
    });
    const cancelled = await ingestion.add(writeNote(dir, 'cancel.md', 4));
    await ingestion.idle();
    expect(documents.get(cancelled.id)?.status).toBe('cancelled');

    expect(await ingestion.remove(cancelled.id)).toBe(true);
    expect(documents.get(cancelled.id)).toBeNull();
    expect(index.keywordSearch('lantern1', 5)).toEqual([]);
    await expect(ingestion.add(path.join(dir, 'missing.md'))).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
    await expect(ingestion.add(path.join(dir, 'image.png'))).rejects.toMatchObject({ code: 'DOCUMENT_UNSUPPORTED' });
  });
});
