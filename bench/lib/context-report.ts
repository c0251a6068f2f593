/**
 * `npm run bench:context`'s results: bench/results/context-latest.json and
 * context-latest.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuringIngestionResult } from './context-during-ingestion.ts';
import type { IngestionThroughput } from './ingestion-throughput.ts';
import { fixed } from './report.ts';
import type { LatencySummary } from './stats.ts';

export interface ContextBenchResult {
  date: string;
  machine: { cpu: string; cores: number; node: string; sqlite: string; sqliteVec: string; loadAverageAtStart: number };
  settings: Record<string, unknown>;
  dataFolder: { chunks: number; documents: number; dimensions: number; buildSeconds: number; fileBytes: number; facts: number; pinnedFacts: number; conversations: number; earlierTurns: number };
  beforeFirstToken: {
    messages: number;
    warmupMessages: number;
    newConversations: number;
    total: LatencySummary;
    totalCpu: LatencySummary;
    stages: { writes: LatencySummary; assembly: LatencySummary; passages: LatencySummary; facts: LatencySummary; saveContext: LatencySummary };
    /** From each reply's recorded context timings. */
    hybridStagesP95Ms: { vectorSearchMs: number; keywordSearchMs: number; fuseMs: number };
    /** Share of messages whose source chunk reached the prompt. */
    sourceInPrompt: number;
  };
  embeddingModel: { file: string; parameters: number; shape: Record<string, unknown>; threads: number };
  queryEmbedding: { roundTrips: number; latency: LatencySummary };
  ingestion: IngestionThroughput;
  /** Questions asked while a large document is being embedded, their embedding included. */
  duringIngestion: DuringIngestionResult;
  target: { beforeFirstTokenP95Ms: number; met: boolean; duringIngestionP95Ms: number; duringIngestionMet: boolean };
}

const row = (name: string, { p50Ms, p95Ms, p99Ms }: LatencySummary) => `| ${name} | ${fixed(p50Ms, 2)} | ${fixed(p95Ms, 2)} | ${fixed(p99Ms, 2)} |`;

export function contextTargetLine({ beforeFirstToken, target, machine, dataFolder }: ContextBenchResult): string {
  return (
    `before the first token with ${dataFolder.chunks.toLocaleString('en-US')} chunks, p95: ${fixed(beforeFirstToken.total.p95Ms, 1)} ms (target ≤ ${target.beforeFirstTokenP95Ms} ms: ${target.met ? 'met' : 'NOT met'}; ` +
    `CPU time p95 ${fixed(beforeFirstToken.totalCpu.p95Ms, 1)} ms; load average ${machine.loadAverageAtStart.toFixed(1)} at start)`
  );
}

export function duringIngestionTargetLine({ duringIngestion, target }: ContextBenchResult): string {
  return (
    `context while a document is being embedded, p95: ${fixed(duringIngestion.assembly.p95Ms, 1)} ms ` +
    `(target ≤ ${target.duringIngestionP95Ms} ms: ${target.duringIngestionMet ? 'met' : 'NOT met'})`
  );
}

function duringIngestionLines(result: ContextBenchResult): string[] {
  const d = result.duringIngestion;
  return [
    `## Context latency while a document is being embedded`,
    '',
    `${d.questions} questions (after warm-up ones), asked one after another while ingestion embedded a ${d.documentChunks}-chunk Markdown document ` +
      `in the background (${d.chunksEmbeddedMeanwhile} of its chunks embedded meanwhile), into the data folder above; embedding model ${d.embeddingModel} ` +
      `(the demo model) for both, on ${result.settings['threads']} thread(s). Each question's context is assembled as the core does it, ` +
      'its embedding round trip through the worker included.',
    '',
    '| stage | p50 (ms) | p95 (ms) | p99 (ms) |',
    '|---|---:|---:|---:|',
    row('**context latency while a document is being embedded**', d.assembly),
    row('… query embedding round trip', d.embedQuery),
    '',
    duringIngestionTargetLine(result),
  ];
}

function ingestionLines({ ingestion: i, embeddingModel }: ContextBenchResult): string[] {
  const bottleneck = i.embed.chunksPerSecond < i.extractAndChunk.chunksPerSecond ? 'embedding' : 'extraction and chunking';
  return [
    `## Ingestion`,
    '',
    `${i.notes} Markdown notes, ${i.chunks} chunks (${i.truncatedChunks} cut to the embedding context), into a fresh encrypted database; ` +
      `embedding model ${embeddingModel.file} on ${embeddingModel.threads} thread(s).`,
    '',
    '| path | seconds | chunks/s |',
    '|---|---:|---:|',
    `| end to end: extract, chunk, save, embed in the worker, index | ${fixed(i.endToEnd.seconds, 2)} | ${fixed(i.endToEnd.chunksPerSecond, 1)} |`,
    `| extraction and chunking alone | ${fixed(i.extractAndChunk.seconds, 3)} | ${fixed(i.extractAndChunk.chunksPerSecond, 0)} |`,
    `| embedding alone (requests of 16 chunks) | ${fixed(i.embed.seconds, 2)} | ${fixed(i.embed.chunksPerSecond, 1)} |`,
    '',
    `Bottleneck: ${bottleneck}.`,
    '',
    `A ${i.pdf.pages}-page PDF, extraction and chunking: ${i.pdf.chunks} chunks in ${fixed(i.pdf.seconds, 2)} s (${fixed(i.pdf.pagesPerSecond, 0)} pages/s).`,
  ];
}

export function contextMarkdown(result: ContextBenchResult): string {
  const { dataFolder: data, beforeFirstToken: before, queryEmbedding, embeddingModel } = result;
  const { stages, hybridStagesP95Ms: hybrid } = before;
  return [
    `# Hearth context benchmark, ${result.date}`,
    '',
    `Machine: ${result.machine.cpu}, ${result.machine.cores} cores (load average ${result.machine.loadAverageAtStart.toFixed(1)} at start), ` +
      `Node ${result.machine.node}, SQLite ${result.machine.sqlite}, sqlite-vec ${result.machine.sqliteVec}.`,
    `Settings: ${Object.entries(result.settings).map(([k, v]) => `${k} ${typeof v === 'string' ? JSON.stringify(v) : v}`).join(', ')}.`,
    '',
    `Data folder: an encrypted database of ${data.chunks} chunks with ${data.dimensions}-d vectors in ${data.documents} documents ` +
      `(built in ${fixed(data.buildSeconds, 1)} s, file ${fixed(data.fileBytes / 1e6, 0)} MB), ${data.facts} memory facts with vectors ` +
      `(${data.pinnedFacts} pinned), ${data.conversations} conversations of ${data.earlierTurns} earlier turns (the first with a pinned document).`,
    '',
    `## Latency the app adds before the first token`,
    '',
    `${before.messages} messages through chat.send (after ${before.warmupMessages} warm-up ones; ${before.newConversations} of them start a conversation), ` +
      'each stopped just before generation (prompt evaluation is the chat model\'s time). The query vector is given: the embedding round trip is below, apart.',
    '',
    '| stage | p50 (ms) | p95 (ms) | p99 (ms) |',
    '|---|---:|---:|---:|',
    row('send: checks, transaction inserting both messages', stages.writes),
    row('context assembly, all of it', stages.assembly),
    row('… documents.search (pinned chunks + hybrid search)', stages.passages),
    row('… memory facts (read and rank)', stages.facts),
    row('saveContext (write)', stages.saveContext),
    row('**total: send called → generation would start**', before.total),
    row('total, CPU time of the process', before.totalCpu),
    '',
    `Hybrid search stages, p95: vector ${fixed(hybrid.vectorSearchMs, 1)} ms, keyword ${fixed(hybrid.keywordSearchMs, 1)} ms, fuse and read ${fixed(hybrid.fuseMs, 1)} ms. ` +
      `The question's source chunk reached the prompt for ${fixed(before.sourceInPrompt * 100, 1)}% of messages.`,
    '',
    contextTargetLine(result),
    '',
    `Query embedding round trip through the worker (not counted above: it depends on the embedding model, here ${embeddingModel.file}, ` +
      `${fixed(embeddingModel.parameters / 1e6, 1)}M parameters, ${embeddingModel.threads} thread(s)), ${queryEmbedding.roundTrips} questions: ` +
      `p50 ${fixed(queryEmbedding.latency.p50Ms, 1)} ms, p95 ${fixed(queryEmbedding.latency.p95Ms, 1)} ms, p99 ${fixed(queryEmbedding.latency.p99Ms, 1)} ms.`,
    '',
    ...duringIngestionLines(result),
    '',
    ...ingestionLines(result),
    '',
  ].join('\n');
}

export async function writeContextResults(dir: string, result: ContextBenchResult): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = [join(dir, 'context-latest.json'), join(dir, 'context-latest.md')];
  await writeFile(files[0]!, `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(files[1]!, contextMarkdown(result));
  return files;
}
