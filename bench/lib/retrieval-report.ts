/**
 * `npm run bench:retrieval`'s results: bench/results/retrieval-latest.json
 * and retrieval-latest.md, one section per library size.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixed } from './report.ts';
import type { LatencySummary } from './stats.ts';

/** The timed searches (after warm-up ones), as the probe measures them. */
export interface RetrievalSearches {
  latency: { hybrid: LatencySummary; hybridCpu: LatencySummary; vector: LatencySummary; keyword: LatencySummary };
  hybridStagesP95Ms: { vectorSearchMs: number; keywordSearchMs: number; fuseMs: number };
  /** Share of queries whose source chunk is among the results (limit 8). */
  sourceFound: { hybrid: number; vector: number; keyword: number };
}

/** The closed library opened again in a fresh process, as after an unlock. */
export interface OpenedLibrary {
  /** Opening the database with its key, creating the chunk index and answering one hybrid search. */
  unlockToFirstAnswerMs: number;
  /** The index's status right after that answer: a rebuild still under way means the answer searched part of the library. */
  indexAtFirstAnswer: { indexedVectors: number; rebuild: { done: number; total: number } | null };
  /** Resident memory of that process after the timed searches, the library open. */
  rssBytes: number;
}

export interface TargetCheck {
  limit: number;
  met: boolean;
}

export interface RetrievalSizeResult extends RetrievalSearches {
  chunks: number;
  documents: number;
  /** seconds: writing text, FTS5 and vectors; settleSeconds: then the index's background work, to its end. */
  build: { seconds: number; chunksPerSecond: number; settleSeconds: number; fileBytes: number };
  opened: OpenedLibrary;
  target: {
    hybridP95Ms: TargetCheck;
    /** The share of queries whose source chunk the hybrid search found, at least. */
    hybridSourceFound: TargetCheck;
    /** RSS and unlock have targets for libraries of a million chunks and more; null below. */
    rssBytes: TargetCheck | null;
    /** Met only if the index held every vector when it answered. */
    unlockToFirstAnswerMs: TargetCheck | null;
  };
}

export interface RetrievalBenchResult {
  date: string;
  machine: { cpu: string; cores: number; node: string; sqlite: string; loadAverageAtStart: number };
  settings: Record<string, unknown>;
  sizes: RetrievalSizeResult[];
  writes: { chunks: number; transactionSize: number; encryptedChunksPerSecond: number; plainChunksPerSecond: number; ratio: number };
}

const percent = (share: number): string => `${fixed(share * 100, 1)}%`;
const megabytes = (bytes: number): string => `${fixed(bytes / 1e6, 0)} MB`;
const chunkCount = (chunks: number): string => `${chunks.toLocaleString('en-US')} chunks`;
const verdict = (check: TargetCheck): string => (check.met ? 'met' : 'NOT met');

/** Whether the first answer searched every vector of a library of `chunks` (no rebuild under way). */
export function wholeIndexAtFirstAnswer({ indexAtFirstAnswer: index }: OpenedLibrary, chunks: number): boolean {
  return index.rebuild === null && index.indexedVectors === chunks;
}

/** One line per target of each size. */
export function retrievalTargetLines({ sizes }: RetrievalBenchResult): string[] {
  return sizes.flatMap((size) => {
    const { latency, sourceFound, opened, target } = size;
    const at = `${chunkCount(size.chunks)}:`;
    const index = opened.indexAtFirstAnswer;
    return [
      `${at} hybrid p95 ${fixed(latency.hybrid.p95Ms, 1)} ms (target ≤ ${target.hybridP95Ms.limit} ms: ${verdict(target.hybridP95Ms)}; ` +
        `CPU time p95 ${fixed(latency.hybridCpu.p95Ms, 1)} ms)`,
      `${at} hybrid search found the source chunk for ${percent(sourceFound.hybrid)} of queries ` +
        `(target ≥ ${percent(target.hybridSourceFound.limit)}: ${verdict(target.hybridSourceFound)})`,
      ...(target.rssBytes
        ? [`${at} RSS with the library open ${megabytes(opened.rssBytes)} (target ≤ ${megabytes(target.rssBytes.limit)}: ${verdict(target.rssBytes)})`]
        : []),
      ...(target.unlockToFirstAnswerMs
        ? [
          `${at} unlock to first answer ${fixed(opened.unlockToFirstAnswerMs / 1000, 2)} s ` +
            `(target ≤ ${fixed(target.unlockToFirstAnswerMs.limit / 1000, 0)} s: ${verdict(target.unlockToFirstAnswerMs)}` +
            `${wholeIndexAtFirstAnswer(opened, size.chunks) ? '' : `; the index held ${index.indexedVectors} of ${size.chunks} vectors when it answered`})`,
        ]
        : []),
    ];
  });
}

function sizeLines(size: RetrievalSizeResult): string[] {
  const { latency, build, sourceFound, opened, hybridStagesP95Ms: stages } = size;
  const row = (name: string, summary: LatencySummary, found: number) =>
    `| ${name} | ${fixed(summary.p50Ms, 1)} | ${fixed(summary.p95Ms, 1)} | ${fixed(summary.p99Ms, 1)} | ${percent(found)} |`;
  const index = opened.indexAtFirstAnswer;
  return [
    `## ${chunkCount(size.chunks)}`,
    '',
    `Encrypted database of ${size.chunks} chunks in ${size.documents} documents, built in ${fixed(build.seconds, 1)} s ` +
      `(${fixed(build.chunksPerSecond, 0)} chunks/s with text, FTS5 and vectors), then ${fixed(build.settleSeconds, 1)} s for the index's ` +
      `background work to settle; file ${megabytes(build.fileBytes)}.`,
    '',
    `Opened again in a fresh process: unlock to first answer (open with the key, create the index, one hybrid search) ` +
      `${fixed(opened.unlockToFirstAnswerMs, 0)} ms, the index holding ${index.indexedVectors} vectors` +
      `${index.rebuild ? ` (rebuild at ${index.rebuild.done} of ${index.rebuild.total})` : ''}; ` +
      `RSS ${megabytes(opened.rssBytes)} after the searches below.`,
    '',
    '| search (limit 8) | p50 (ms) | p95 (ms) | p99 (ms) | source chunk found |',
    '|---|---:|---:|---:|---:|',
    row('hybrid (vector + keyword, RRF)', latency.hybrid, sourceFound.hybrid),
    `| hybrid, CPU time of the process | ${fixed(latency.hybridCpu.p50Ms, 1)} | ${fixed(latency.hybridCpu.p95Ms, 1)} | ${fixed(latency.hybridCpu.p99Ms, 1)} | |`,
    row('vector only', latency.vector, sourceFound.vector),
    row('keyword only', latency.keyword, sourceFound.keyword),
    '',
    `Hybrid stages, p95: vector ${fixed(stages.vectorSearchMs, 1)} ms, keyword ${fixed(stages.keywordSearchMs, 1)} ms, fuse and read ${fixed(stages.fuseMs, 1)} ms.`,
  ];
}

export function retrievalMarkdown(result: RetrievalBenchResult): string {
  const { writes } = result;
  return [
    `# Hearth retrieval benchmark, ${result.date}`,
    '',
    `Machine: ${result.machine.cpu}, ${result.machine.cores} cores (load average ${result.machine.loadAverageAtStart.toFixed(1)} at start), ` +
      `Node ${result.machine.node}, SQLite ${result.machine.sqlite}.`,
    `Settings: ${Object.entries(result.settings).map(([k, v]) => `${k} ${typeof v === 'string' ? JSON.stringify(v) : v}`).join(', ')}.`,
    '',
    ...result.sizes.flatMap((size) => [...sizeLines(size), '']),
    '## Writes',
    '',
    `${writes.chunks} chunks with vectors into fresh files, in transactions of ${writes.transactionSize}: ` +
      `encrypted ${fixed(writes.encryptedChunksPerSecond, 0)} chunks/s, plain ${fixed(writes.plainChunksPerSecond, 0)} chunks/s; ` +
      `encrypted/plain ${fixed(writes.ratio, 3)}.`,
    '',
    '## Targets',
    '',
    ...retrievalTargetLines(result).map((line) => `- ${line}`),
    '',
  ].join('\n');
}

export async function writeRetrievalResults(dir: string, result: RetrievalBenchResult): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = [join(dir, 'retrieval-latest.json'), join(dir, 'retrieval-latest.md')];
  await writeFile(files[0]!, `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(files[1]!, retrievalMarkdown(result));
  return files;
}
