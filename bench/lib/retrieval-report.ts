/**
 * `npm run bench:retrieval`'s results: bench/results/retrieval-latest.json
 * and retrieval-latest.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixed } from './report.ts';
import type { LatencySummary } from './stats.ts';

export interface RetrievalBenchResult {
  date: string;
  machine: { cpu: string; cores: number; node: string; sqlite: string; sqliteVec: string; loadAverageAtStart: number };
  settings: Record<string, unknown>;
  build: { chunks: number; documents: number; seconds: number; chunksPerSecond: number; fileBytes: number };
  latency: { hybrid: LatencySummary; hybridCpu: LatencySummary; vector: LatencySummary; keyword: LatencySummary };
  hybridStagesP95Ms: { vectorSearchMs: number; keywordSearchMs: number; fuseMs: number };
  /** Share of queries whose source chunk is among the results (limit 8). */
  sourceFound: { hybrid: number; vector: number; keyword: number };
  writes: { chunks: number; transactionSize: number; encryptedChunksPerSecond: number; plainChunksPerSecond: number; ratio: number };
  target: { hybridP95Ms: number; met: boolean };
}

const percent = (share: number): string => `${fixed(share * 100, 1)}%`;

export function retrievalTargetLine({ latency, target, machine }: RetrievalBenchResult): string {
  return (
    `hybrid p95: ${fixed(latency.hybrid.p95Ms, 1)} ms (target ≤ ${target.hybridP95Ms} ms: ${target.met ? 'met' : 'NOT met'}; ` +
    `CPU time p95 ${fixed(latency.hybridCpu.p95Ms, 1)} ms; load average ${machine.loadAverageAtStart.toFixed(1)} at start)`
  );
}

export function retrievalMarkdown(result: RetrievalBenchResult): string {
  const { latency, build, writes, sourceFound, hybridStagesP95Ms: stages } = result;
  const row = (name: string, summary: LatencySummary, found: number) =>
    `| ${name} | ${fixed(summary.p50Ms, 1)} | ${fixed(summary.p95Ms, 1)} | ${fixed(summary.p99Ms, 1)} | ${percent(found)} |`;
  return [
    `# Hearth retrieval benchmark, ${result.date}`,
    '',
    `Machine: ${result.machine.cpu}, ${result.machine.cores} cores (load average ${result.machine.loadAverageAtStart.toFixed(1)} at start), ` +
      `Node ${result.machine.node}, SQLite ${result.machine.sqlite}, sqlite-vec ${result.machine.sqliteVec}.`,
    `Settings: ${Object.entries(result.settings).map(([k, v]) => `${k} ${typeof v === 'string' ? JSON.stringify(v) : v}`).join(', ')}.`,
    '',
    `Encrypted database of ${build.chunks} chunks in ${build.documents} documents, built in ${fixed(build.seconds, 1)} s ` +
      `(${fixed(build.chunksPerSecond, 0)} chunks/s with text, FTS5 and vectors; file ${fixed(build.fileBytes / 1e6, 0)} MB).`,
    '',
    '| search (limit 8) | p50 (ms) | p95 (ms) | p99 (ms) | source chunk found |',
    '|---|---:|---:|---:|---:|',
    row('hybrid (vector + keyword, RRF)', latency.hybrid, sourceFound.hybrid),
    `| hybrid, CPU time of the process | ${fixed(latency.hybridCpu.p50Ms, 1)} | ${fixed(latency.hybridCpu.p95Ms, 1)} | ${fixed(latency.hybridCpu.p99Ms, 1)} | |`,
    row('vector only', latency.vector, sourceFound.vector),
    row('keyword only', latency.keyword, sourceFound.keyword),
    '',
    `Hybrid stages, p95: vector ${fixed(stages.vectorSearchMs, 1)} ms, keyword ${fixed(stages.keywordSearchMs, 1)} ms, fuse and read ${fixed(stages.fuseMs, 1)} ms.`,
    '',
    retrievalTargetLine(result),
    '',
    `Writes, ${writes.chunks} chunks with vectors in transactions of ${writes.transactionSize}: encrypted ${fixed(writes.encryptedChunksPerSecond, 0)} chunks/s, ` +
      `plain ${fixed(writes.plainChunksPerSecond, 0)} chunks/s; encrypted/plain ${fixed(writes.ratio, 3)}.`,
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
