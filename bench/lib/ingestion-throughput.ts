/**
 * Ingestion throughput of the context benchmark: Markdown notes through the
 * app's ingestion (extract, chunk, save, embed in the worker, index) into a
 * fresh encrypted database, and each half alone, so the slower one shows;
 * then a long PDF through extraction and chunking.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../../src/engine/engine.ts';
import { chunkSections, extractDocument } from '../../src/memory/documents/index.ts';
import { createIngestion } from '../../src/memory/ingest/ingestion.ts';
import { createChunkIndex } from '../../src/memory/retrieval/chunk-index.ts';
import { createDocumentRepository } from '../../src/store/documents.ts';
import { openDatabase } from '../../src/store/open.ts';
import type { Corpus } from './synthetic-corpus.ts';
import { writeMarkdownNotes, writeTextPdf } from './synthetic-documents.ts';

export interface IngestionShape {
  notes: number;
  /** Characters per note: about 10 chunks of 1,200 characters with their 200-character overlaps. */
  noteChars: number;
  /** Chunks per embedding request, as ingestion sends them. */
  embedBatch: number;
  pdfPages: number;
}

export interface IngestionThroughput {
  notes: number;
  chunks: number;
  /** Chunks the embedding model cut to its context. */
  truncatedChunks: number;
  endToEnd: { seconds: number; chunksPerSecond: number };
  extractAndChunk: { seconds: number; chunksPerSecond: number };
  embed: { seconds: number; chunksPerSecond: number };
  pdf: { pages: number; chunks: number; seconds: number; pagesPerSecond: number };
}

const secondsSince = (started: number) => (performance.now() - started) / 1000;

async function extractAndChunk(files: readonly string[]) {
  const started = performance.now();
  const texts: string[] = [];
  for (const file of files) texts.push(...chunkSections((await extractDocument(file)).sections).map((chunk) => chunk.text));
  return { texts, seconds: secondsSince(started) };
}

async function embedAll(engine: Engine, texts: readonly string[], batch: number) {
  const started = performance.now();
  let truncated = 0;
  for (let first = 0; first < texts.length; first += batch) {
    truncated += (await engine.embed(texts.slice(first, first + batch))).truncated.filter(Boolean).length;
  }
  return { truncated, seconds: secondsSince(started) };
}

/** Adds every note as the Documents page does and waits until all are searchable. */
async function ingestAll(file: string, engine: Engine, notes: readonly string[], batchSize: number) {
  const db = openDatabase(file, { key: randomBytes(32) });
  try {
    const documents = createDocumentRepository(db);
    const ingestion = createIngestion({ documents, index: createChunkIndex(db), embed: (texts) => engine.embed(texts), onChange: () => {}, batchSize });
    const started = performance.now();
    for (const note of notes) await ingestion.add(note);
    await ingestion.idle();
    const seconds = secondsSince(started);
    const unfinished = documents.list().filter((document) => document.status !== 'ready' || document.embeddedCount !== document.chunkCount);
    if (unfinished.length > 0) throw new Error(`Ingestion left ${unfinished.length} notes unfinished: ${unfinished[0]!.status} ${unfinished[0]!.error ?? ''}`);
    return { chunks: documents.list().reduce((sum, document) => sum + document.chunkCount, 0), seconds };
  } finally {
    db.close();
  }
}

async function pdfThroughput(dir: string, corpus: Corpus, pages: number) {
  const warmUp = join(dir, 'warm-up.pdf');
  const book = join(dir, 'book.pdf');
  await writeTextPdf(warmUp, corpus, 1);
  await writeTextPdf(book, corpus, pages);
  // Loading pdf.js itself is a one-off of the first PDF after a start, not a cost per page.
  await extractDocument(warmUp);
  const started = performance.now();
  const { sections } = await extractDocument(book);
  const chunks = chunkSections(sections).length;
  const seconds = secondsSince(started);
  if (sections.length !== pages) throw new Error(`The PDF's ${pages} pages gave ${sections.length} sections.`);
  return { pages, chunks, seconds, pagesPerSecond: pages / seconds };
}

export async function measureIngestion(dir: string, engine: Engine, corpus: Corpus, shape: IngestionShape): Promise<IngestionThroughput> {
  const notesDir = join(dir, 'notes');
  await mkdir(notesDir, { recursive: true });
  const notes = await writeMarkdownNotes(notesDir, corpus, shape.notes, shape.noteChars);
  console.log(`Ingesting ${notes.length} Markdown notes: extraction and chunking alone, embedding alone, then end to end…`);
  const extracted = await extractAndChunk(notes);
  const embedded = await embedAll(engine, extracted.texts, shape.embedBatch);
  const ingested = await ingestAll(join(dir, 'ingest.db'), engine, notes, shape.embedBatch);
  if (ingested.chunks !== extracted.texts.length) throw new Error(`Ingestion stored ${ingested.chunks} chunks, extraction made ${extracted.texts.length}.`);
  console.log(`Extracting a ${shape.pdfPages}-page PDF…`);
  const pdf = await pdfThroughput(dir, corpus, shape.pdfPages);
  const chunks = extracted.texts.length;
  return {
    notes: notes.length,
    chunks,
    truncatedChunks: embedded.truncated,
    endToEnd: { seconds: ingested.seconds, chunksPerSecond: chunks / ingested.seconds },
    extractAndChunk: { seconds: extracted.seconds, chunksPerSecond: chunks / extracted.seconds },
    embed: { seconds: embedded.seconds, chunksPerSecond: chunks / embedded.seconds },
    pdf,
  };
}
