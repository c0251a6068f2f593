/**
 * `npm run bench:retrieval`: how fast Hearth finds document chunks. In one
 * run, in a temp folder: builds an encrypted database of 100k chunks (text
 * and 384-d vectors) in 500 documents, times hybrid, vector-only and
 * keyword-only search over 200 queries, and compares the write speed of an
 * encrypted and a plain database. Writes bench/results/retrieval-latest.{json,md}.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createChunkIndex, type ChunkIndex } from '../src/memory/retrieval/chunk-index.ts';
import { openDatabase, type HearthDatabase } from '../src/store/open.ts';
import { retrievalMarkdown, retrievalTargetLine, writeRetrievalResults, type LatencySummary, type RetrievalBenchResult } from './lib/retrieval-report.ts';
import { percentile } from './lib/stats.ts';
import { createCorpus, type Corpus } from './lib/synthetic-corpus.ts';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const projectRoot = join(benchDir, '..');

const DOCUMENTS = 500;
const CHUNKS_PER_DOCUMENT = 200;
const DIMENSIONS = 384;
const SENTENCES_PER_CHUNK = 6;
const MODEL = 'bench-embed-384';
const QUERIES = 200;
const WARMUP_QUERIES = 10;
const LIMIT = 8;
/** A query vector at cosine about 0.7 from its source chunk's vector. */
const QUERY_NOISE = 1;
const TARGET_P95_MS = 25;
const WRITE_DOCUMENTS = 100;
const WRITE_TRANSACTION = 100;

interface ChunkData {
  text: string;
  vector: Float32Array;
}

function makeChunks(corpus: Corpus, count: number): ChunkData[] {
  return Array.from({ length: count }, () => ({ text: corpus.paragraph(SENTENCES_PER_CHUNK), vector: corpus.randomUnitVector(DIMENSIONS) }));
}

function writer(db: HearthDatabase, index: ChunkIndex) {
  const insertDocument = db.prepare(`INSERT INTO documents (id, name, source_path, kind, size_bytes, sha256, status, chunk_count, created_at, updated_at)
    VALUES (?, ?, ?, 'txt', 0, '', 'ready', ?, 0, 0)`);
  const insertChunk = db.prepare('INSERT INTO chunks (document_id, ordinal, text, location) VALUES (?, ?, ?, ?)');
  return {
    document: (id: string, chunkCount: number) => insertDocument.run(id, `${id}.txt`, `/bench/${id}.txt`, chunkCount),
    /** Text, FTS5 and vectors of these chunks, in one transaction; returns their ids. */
    chunks: db.transaction((documentId: string, firstOrdinal: number, chunks: readonly ChunkData[]): number[] => {
      const ids = chunks.map((chunk, i) => {
        const ordinal = firstOrdinal + i;
        return Number(insertChunk.run(documentId, ordinal, chunk.text, JSON.stringify({ lineStart: ordinal * 12 + 1, lineEnd: ordinal * 12 + 12 })).lastInsertRowid);
      });
      index.setVectors(ids.map((chunkId, i) => ({ chunkId, vector: chunks[i]!.vector })), MODEL);
      return ids;
    }),
  };
}

interface Query {
  sourceChunkId: number;
  text: string;
  vector: Float32Array;
}

/** Builds the searched database, one transaction per document, and keeps one query per 500 chunks. */
function buildLibrary(db: HearthDatabase, index: ChunkIndex, corpus: Corpus) {
  const write = writer(db, index);
  const queryEvery = (DOCUMENTS * CHUNKS_PER_DOCUMENT) / QUERIES;
  const queries: Query[] = [];
  let seconds = 0;
  for (let d = 0; d < DOCUMENTS; d++) {
    const chunks = makeChunks(corpus, CHUNKS_PER_DOCUMENT);
    const started = performance.now();
    write.document(`doc-${d}`, chunks.length);
    const ids = write.chunks(`doc-${d}`, 0, chunks);
    seconds += (performance.now() - started) / 1000;
    chunks.forEach((chunk, i) => {
      if ((d * CHUNKS_PER_DOCUMENT + i) % queryEvery !== queryEvery / 2) return;
      // A question about the chunk: a few of its words, as a user might remember them.
      const words = [...new Set(chunk.text.toLowerCase().match(/\p{L}+/gu))];
      const picked = Array.from({ length: 4 }, () => words[Math.floor(corpus.random() * words.length)]!);
      queries.push({ sourceChunkId: ids[i]!, text: `what about ${picked.join(' ')}?`, vector: corpus.nearbyUnitVector(chunk.vector, QUERY_NOISE) });
    });
    if ((d + 1) % 100 === 0) console.log(`built ${(d + 1) * CHUNKS_PER_DOCUMENT} chunks (${((d + 1) * CHUNKS_PER_DOCUMENT / seconds).toFixed(0)} chunks/s)`);
  }
  return { queries, seconds };
}

function summarise(values: readonly number[]): LatencySummary {
  return { p50Ms: percentile(values, 0.5), p95Ms: percentile(values, 0.95), p99Ms: percentile(values, 0.99) };
}

function measureSearches(index: ChunkIndex, queries: readonly Query[]) {
  const times = { hybrid: [] as number[], hybridCpu: [] as number[], vector: [] as number[], keyword: [] as number[] };
  const stages = { vectorSearchMs: [] as number[], keywordSearchMs: [] as number[], fuseMs: [] as number[] };
  const found = { hybrid: 0, vector: 0, keyword: 0 };
  const timed = <T>(run: () => T): [T, number] => {
    const started = performance.now();
    const value = run();
    return [value, performance.now() - started];
  };
  queries.forEach((query, i) => {
    // CPU time as well as wall time: on a shared machine, other work stretches the wall time of the very same search.
    const cpuBefore = process.cpuUsage();
    const [hybrid, hybridMs] = timed(() => index.hybridSearch({ text: query.text, vector: query.vector, model: MODEL, limit: LIMIT }));
    const cpu = process.cpuUsage(cpuBefore);
    const [vector, vectorMs] = timed(() => index.vectorSearch(query.vector, LIMIT, MODEL));
    const [keyword, keywordMs] = timed(() => index.keywordSearch(query.text, LIMIT));
    if (i < WARMUP_QUERIES) return;
    times.hybrid.push(hybridMs);
    times.hybridCpu.push((cpu.user + cpu.system) / 1000);
    times.vector.push(vectorMs);
    times.keyword.push(keywordMs);
    for (const stage of ['vectorSearchMs', 'keywordSearchMs', 'fuseMs'] as const) stages[stage].push(hybrid.timings[stage]);
    const has = (hits: readonly { chunkId: number }[]) => (hits.some((hit) => hit.chunkId === query.sourceChunkId) ? 1 : 0);
    found.hybrid += has(hybrid.hits);
    found.vector += has(vector);
    found.keyword += has(keyword);
  });
  const counted = queries.length - WARMUP_QUERIES;
  return {
    latency: { hybrid: summarise(times.hybrid), hybridCpu: summarise(times.hybridCpu), vector: summarise(times.vector), keyword: summarise(times.keyword) },
    hybridStagesP95Ms: {
      vectorSearchMs: percentile(stages.vectorSearchMs, 0.95),
      keywordSearchMs: percentile(stages.keywordSearchMs, 0.95),
      fuseMs: percentile(stages.fuseMs, 0.95),
    },
    sourceFound: { hybrid: found.hybrid / counted, vector: found.vector / counted, keyword: found.keyword / counted },
  };
}

/** Seconds to write `documents` into a fresh file, in transactions of WRITE_TRANSACTION chunks. */
function timeWrites(file: string, key: Buffer | undefined, documents: readonly ChunkData[][]): number {
  const db = openDatabase(file, key ? { key } : {});
  try {
    const write = writer(db, createChunkIndex(db));
    const started = performance.now();
    documents.forEach((chunks, d) => {
      write.document(`doc-${d}`, chunks.length);
      for (let first = 0; first < chunks.length; first += WRITE_TRANSACTION) write.chunks(`doc-${d}`, first, chunks.slice(first, first + WRITE_TRANSACTION));
    });
    return (performance.now() - started) / 1000;
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const loadAverageAtStart = loadavg()[0]!;
  if (loadAverageAtStart > cpus().length / 2) {
    console.warn(`The machine is busy (load average ${loadAverageAtStart.toFixed(1)} on ${cpus().length} cores): expect noisy numbers.`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'hearth-bench-retrieval-'));
  try {
    const file = join(dir, 'library.db');
    const db = openDatabase(file, { key: randomBytes(32) });
    const index = createChunkIndex(db);
    const versions = db.prepare('SELECT sqlite_version() AS sqlite, vec_version() AS sqliteVec').get() as { sqlite: string; sqliteVec: string };
    const build = buildLibrary(db, index, createCorpus(1));
    const chunkCount = DOCUMENTS * CHUNKS_PER_DOCUMENT;
    console.log(`Searching ${QUERIES} queries (${WARMUP_QUERIES} of them warm-up)…`);
    const searches = measureSearches(index, build.queries);
    db.close();
    const fileBytes = statSync(file).size;

    // The same chunks into each file; E P P E, so a drift in machine load falls on both evenly.
    console.log(`Timing writes of ${WRITE_DOCUMENTS * CHUNKS_PER_DOCUMENT} chunks, encrypted and plain…`);
    const writeCorpus = createCorpus(2);
    const documents = Array.from({ length: WRITE_DOCUMENTS }, () => makeChunks(writeCorpus, CHUNKS_PER_DOCUMENT));
    let encryptedSeconds = 0;
    let plainSeconds = 0;
    for (const name of ['encrypted-1', 'plain-1', 'plain-2', 'encrypted-2']) {
      const encrypted = name.startsWith('encrypted');
      const seconds = timeWrites(join(dir, `${name}.db`), encrypted ? randomBytes(32) : undefined, documents);
      if (encrypted) encryptedSeconds += seconds;
      else plainSeconds += seconds;
    }
    const writtenChunks = 2 * WRITE_DOCUMENTS * CHUNKS_PER_DOCUMENT;

    const result: RetrievalBenchResult = {
      date: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.versions.node, ...versions, loadAverageAtStart },
      settings: { dimensions: DIMENSIONS, model: MODEL, limit: LIMIT, queries: QUERIES - WARMUP_QUERIES, warmupQueries: WARMUP_QUERIES, queryNoise: QUERY_NOISE, sentencesPerChunk: SENTENCES_PER_CHUNK, vectorIndex: `vec0 bit[${DIMENSIONS}] + exact cosine rescoring` },
      build: { chunks: chunkCount, documents: DOCUMENTS, seconds: build.seconds, chunksPerSecond: chunkCount / build.seconds, fileBytes },
      ...searches,
      writes: {
        chunks: WRITE_DOCUMENTS * CHUNKS_PER_DOCUMENT,
        transactionSize: WRITE_TRANSACTION,
        encryptedChunksPerSecond: writtenChunks / encryptedSeconds,
        plainChunksPerSecond: writtenChunks / plainSeconds,
        ratio: plainSeconds / encryptedSeconds,
      },
      target: { hybridP95Ms: TARGET_P95_MS, met: searches.latency.hybrid.p95Ms <= TARGET_P95_MS },
    };
    const files = await writeRetrievalResults(join(benchDir, 'results'), result);
    console.log(`\n${retrievalMarkdown(result)}`);
    console.log(retrievalTargetLine(result));
    console.log(`Wrote ${files.map((f) => relative(projectRoot, f)).join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
