/**
 * `npm run bench:retrieval` (`--sizes 100000,1000000`, the default): how
 * fast Hearth finds document chunks, for each library size in one run, in a
 * temp folder. Builds an encrypted database of that many chunks (text and
 * 384-d vectors) in documents of 200, waits for the index's background work
 * to settle and closes it; then a fresh process (bench/lib/retrieval-probe.ts)
 * unlocks it, answers a first question, times hybrid, vector-only and
 * keyword-only search over 200 queries and reads its RSS. Once, into fresh
 * files, compares the write speed of an encrypted and a plain database.
 * Writes bench/results/retrieval-latest.{json,md}.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createChunkIndex } from '../src/memory/retrieval/chunk-index.ts';
import { openDatabase } from '../src/store/open.ts';
import type { ProbeJob, ProbeReport } from './lib/retrieval-probe.ts';
import {
  retrievalMarkdown, retrievalTargetLines, wholeIndexAtFirstAnswer, writeRetrievalResults, type RetrievalBenchResult, type RetrievalSizeResult,
} from './lib/retrieval-report.ts';
import { createCorpus } from './lib/synthetic-corpus.ts';
import { buildLibrary, libraryWriter, makeChunks, type ChunkData, type LibraryQuestion, type LibraryShape } from './lib/synthetic-library.ts';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const projectRoot = join(benchDir, '..');
const probeScript = join(benchDir, 'lib', 'retrieval-probe.ts');

const DEFAULT_SIZES = '100000,1000000';
const CHUNKS_PER_DOCUMENT = 200;
const DIMENSIONS = 384;
const SENTENCES_PER_CHUNK = 6;
const MODEL = 'bench-embed-384';
const QUERIES = 200;
const WARMUP_QUERIES = 10;
const LIMIT = 8;
/** A query vector at cosine about 0.7 from its source chunk's vector. */
const QUERY_NOISE = 1;
/** Hybrid p95: up to this many chunks the small target, above it the large one (issue 15). */
const SMALL_LIBRARY_CHUNKS = 100_000;
const SMALL_TARGET_P95_MS = 5;
const LARGE_TARGET_P95_MS = 25;
/** Exact search finds every source chunk here; the binary codes may lose at most one point. */
const TARGET_SOURCE_FOUND = 0.99;
/** RSS and unlock are judged from this size up. */
const MEMORY_TARGET_FROM_CHUNKS = 1_000_000;
const TARGET_RSS_BYTES = 800e6;
const TARGET_UNLOCK_MS = 3000;
const WRITE_DOCUMENTS = 100;
const WRITE_TRANSACTION = 100;

const SHAPE: Omit<LibraryShape, 'documents'> = {
  chunksPerDocument: CHUNKS_PER_DOCUMENT, dimensions: DIMENSIONS, sentencesPerChunk: SENTENCES_PER_CHUNK,
  model: MODEL, questions: QUERIES, questionNoise: QUERY_NOISE,
};

class UsageError extends Error {}

/**
 * --sizes N,N,… in chunks, smallest first. Each a whole number of pairs of
 * documents: buildLibrary asks one question every `documents` chunks, halfway.
 */
function parseSizes(argv: string[]): number[] {
  let sizes: string;
  try {
    sizes = parseArgs({ args: argv, strict: true, options: { sizes: { type: 'string', default: DEFAULT_SIZES } } }).values.sizes;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. The only option is --sizes N,N,… (chunks; default ${DEFAULT_SIZES}).`);
  }
  const step = 2 * CHUNKS_PER_DOCUMENT;
  const parsed = sizes.split(',').map((size) => {
    if (!/^\d+$/.test(size.trim()) || Number(size) < step || Number(size) % step !== 0) {
      throw new UsageError(`--sizes takes whole multiples of ${step} chunks (pairs of ${CHUNKS_PER_DOCUMENT}-chunk documents), got "${size}".`);
    }
    return Number(size);
  });
  return [...new Set(parsed)].sort((a, b) => a - b);
}

function sqliteVersion(): string {
  const db = new Database(':memory:');
  try {
    return db.prepare('SELECT sqlite_version()').pluck().get() as string;
  } finally {
    db.close();
  }
}

/** Seconds to write `documents` into a fresh file, in transactions of WRITE_TRANSACTION chunks. */
function timeWrites(file: string, key: Buffer | undefined, documents: readonly ChunkData[][]): number {
  const db = openDatabase(file, key ? { key } : {});
  const index = createChunkIndex(db);
  try {
    const write = libraryWriter(db, index, MODEL);
    const started = performance.now();
    documents.forEach((chunks, d) => {
      write.document(`doc-${d}`, chunks.length);
      for (let first = 0; first < chunks.length; first += WRITE_TRANSACTION) write.chunks(`doc-${d}`, first, chunks.slice(first, first + WRITE_TRANSACTION));
    });
    return (performance.now() - started) / 1000;
  } finally {
    index.close();
    db.close();
  }
}

/** The same chunks into each file; E P P E, so a drift in machine load falls on both evenly. */
function compareWrites(dir: string): RetrievalBenchResult['writes'] {
  console.log(`Timing writes of ${WRITE_DOCUMENTS * CHUNKS_PER_DOCUMENT} chunks, encrypted and plain…`);
  const writeCorpus = createCorpus(2);
  const documents = Array.from({ length: WRITE_DOCUMENTS }, () => makeChunks(writeCorpus, CHUNKS_PER_DOCUMENT, SHAPE));
  let encryptedSeconds = 0;
  let plainSeconds = 0;
  for (const name of ['encrypted-1', 'plain-1', 'plain-2', 'encrypted-2']) {
    const encrypted = name.startsWith('encrypted');
    const seconds = timeWrites(join(dir, `${name}.db`), encrypted ? randomBytes(32) : undefined, documents);
    if (encrypted) encryptedSeconds += seconds;
    else plainSeconds += seconds;
  }
  const writtenChunks = 2 * WRITE_DOCUMENTS * CHUNKS_PER_DOCUMENT;
  return {
    chunks: WRITE_DOCUMENTS * CHUNKS_PER_DOCUMENT,
    transactionSize: WRITE_TRANSACTION,
    encryptedChunksPerSecond: writtenChunks / encryptedSeconds,
    plainChunksPerSecond: writtenChunks / plainSeconds,
    ratio: plainSeconds / encryptedSeconds,
  };
}

/** Runs the probe on the closed library; its stderr passes through, the last line of its stdout is its report. */
async function runProbe(file: string, key: Buffer, jobFile: string): Promise<ProbeReport> {
  // A throwaway key, made for this run.
  const child = spawn(process.execPath, [probeScript, '--file', file, '--key', key.toString('hex'), '--job', jobFile], {
    cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => { stdout += text; });
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  if (code !== 0) throw new Error(`The retrieval probe failed (${signal ?? `exit code ${code}`}).`);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ProbeReport;
}

/** Builds the library, lets the index's background work settle, and closes it. */
async function buildAndSettle(file: string, key: Buffer, documents: number): Promise<{ questions: LibraryQuestion[]; seconds: number; settleSeconds: number }> {
  const db = openDatabase(file, { key });
  const index = createChunkIndex(db);
  try {
    const { questions, seconds } = buildLibrary(db, index, createCorpus(1), { ...SHAPE, documents });
    const settleStarted = performance.now();
    await index.settle();
    return { questions, seconds, settleSeconds: (performance.now() - settleStarted) / 1000 };
  } finally {
    index.close();
    db.close();
  }
}

async function measureSize(dir: string, chunks: number): Promise<RetrievalSizeResult> {
  const documents = chunks / CHUNKS_PER_DOCUMENT;
  const sizeDir = join(dir, String(chunks));
  mkdirSync(sizeDir);
  try {
    const file = join(sizeDir, 'library.db');
    const key = randomBytes(32);
    console.log(`Building a library of ${chunks} chunks…`);
    const { questions, seconds: buildSeconds, settleSeconds } = await buildAndSettle(file, key, documents);
    const fileBytes = statSync(file).size;

    const job: ProbeJob = {
      model: MODEL, limit: LIMIT, warmupQueries: WARMUP_QUERIES,
      questions: questions.map((question) => ({ ...question, vector: Array.from(question.vector) })),
    };
    const jobFile = join(sizeDir, 'job.json');
    writeFileSync(jobFile, JSON.stringify(job));
    console.log(`Unlocking it in a fresh process, then searching ${QUERIES} queries (${WARMUP_QUERIES} of them warm-up)…`);
    const { opened, searches } = await runProbe(file, key, jobFile);

    const memoryTargets = chunks >= MEMORY_TARGET_FROM_CHUNKS;
    const targetP95Ms = chunks <= SMALL_LIBRARY_CHUNKS ? SMALL_TARGET_P95_MS : LARGE_TARGET_P95_MS;
    return {
      chunks,
      documents,
      build: { seconds: buildSeconds, chunksPerSecond: chunks / buildSeconds, settleSeconds, fileBytes },
      ...searches,
      opened,
      target: {
        hybridP95Ms: { limit: targetP95Ms, met: searches.latency.hybrid.p95Ms <= targetP95Ms },
        hybridSourceFound: { limit: TARGET_SOURCE_FOUND, met: searches.sourceFound.hybrid >= TARGET_SOURCE_FOUND },
        rssBytes: memoryTargets ? { limit: TARGET_RSS_BYTES, met: opened.rssBytes <= TARGET_RSS_BYTES } : null,
        unlockToFirstAnswerMs: memoryTargets
          ? { limit: TARGET_UNLOCK_MS, met: opened.unlockToFirstAnswerMs <= TARGET_UNLOCK_MS && wholeIndexAtFirstAnswer(opened, chunks) }
          : null,
      },
    };
  } finally {
    // A million chunks take about 3 GB: gone before the next size is built.
    rmSync(sizeDir, { recursive: true, force: true });
  }
}

async function main(sizes: readonly number[]): Promise<void> {
  const loadAverageAtStart = loadavg()[0]!;
  if (loadAverageAtStart > cpus().length / 2) {
    console.warn(`The machine is busy (load average ${loadAverageAtStart.toFixed(1)} on ${cpus().length} cores): expect noisy numbers.`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'hearth-bench-retrieval-'));
  try {
    const measured: RetrievalSizeResult[] = [];
    for (const chunks of sizes) measured.push(await measureSize(dir, chunks));
    const writes = compareWrites(dir);

    const result: RetrievalBenchResult = {
      date: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.versions.node, sqlite: sqliteVersion(), loadAverageAtStart },
      settings: {
        dimensions: DIMENSIONS, chunksPerDocument: CHUNKS_PER_DOCUMENT, model: MODEL, limit: LIMIT, queries: QUERIES - WARMUP_QUERIES,
        warmupQueries: WARMUP_QUERIES, queryNoise: QUERY_NOISE, sentencesPerChunk: SENTENCES_PER_CHUNK,
        vectorIndex: `binary codes (${DIMENSIONS} sign bits) scanned in WebAssembly SIMD + cosine on 8-bit vectors in memory`,
      },
      sizes: measured,
      writes,
    };
    const files = await writeRetrievalResults(join(benchDir, 'results'), result);
    console.log(`\n${retrievalMarkdown(result)}`);
    for (const line of retrievalTargetLines(result)) console.log(line);
    console.log(`Wrote ${files.map((f) => relative(projectRoot, f)).join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  await main(parseSizes(process.argv.slice(2)));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
