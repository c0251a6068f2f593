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
import { retrievalMarkdown, retrievalTargetLine, writeRetrievalResults, type RetrievalBenchResult } from './lib/retrieval-report.ts';
import { latencySummary, percentile } from './lib/stats.ts';
import { createCorpus } from './lib/synthetic-corpus.ts';
import { buildLibrary, libraryWriter, makeChunks, type ChunkData, type LibraryQuestion, type LibraryShape } from './lib/synthetic-library.ts';

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

const LIBRARY: LibraryShape = {
  documents: DOCUMENTS, chunksPerDocument: CHUNKS_PER_DOCUMENT, dimensions: DIMENSIONS, sentencesPerChunk: SENTENCES_PER_CHUNK,
  model: MODEL, questions: QUERIES, questionNoise: QUERY_NOISE,
};

function measureSearches(index: ChunkIndex, queries: readonly LibraryQuestion[]) {
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
    latency: { hybrid: latencySummary(times.hybrid), hybridCpu: latencySummary(times.hybridCpu), vector: latencySummary(times.vector), keyword: latencySummary(times.keyword) },
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
    const write = libraryWriter(db, createChunkIndex(db), MODEL);
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
    const build = buildLibrary(db, index, createCorpus(1), LIBRARY);
    const chunkCount = DOCUMENTS * CHUNKS_PER_DOCUMENT;
    console.log(`Searching ${QUERIES} queries (${WARMUP_QUERIES} of them warm-up)…`);
    const searches = measureSearches(index, build.questions);
    db.close();
    const fileBytes = statSync(file).size;

    // The same chunks into each file; E P P E, so a drift in machine load falls on both evenly.
    console.log(`Timing writes of ${WRITE_DOCUMENTS * CHUNKS_PER_DOCUMENT} chunks, encrypted and plain…`);
    const writeCorpus = createCorpus(2);
    const documents = Array.from({ length: WRITE_DOCUMENTS }, () => makeChunks(writeCorpus, CHUNKS_PER_DOCUMENT, LIBRARY));
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
