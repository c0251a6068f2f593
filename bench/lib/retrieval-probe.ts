/**
 * The retrieval benchmark's fresh process, so that unlock time and memory
 * are those of a library opened from its file and nothing else: opens the
 * database with its key, creates the chunk index and answers one hybrid
 * search (unlock to first answer), then times the searches and reads its
 * RSS with the library open. Its stdout is one JSON line (ProbeReport).
 *
 * usage: retrieval-probe.ts --file DB --key HEX --job JOB.json
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createChunkIndex, type ChunkIndex } from '../../src/memory/retrieval/chunk-index.ts';
import { openDatabase } from '../../src/store/open.ts';
import type { OpenedLibrary, RetrievalSearches } from './retrieval-report.ts';
import { latencySummary, percentile } from './stats.ts';
import type { LibraryQuestion } from './synthetic-library.ts';

/** What the benchmark hands the probe, as JSON (vectors as number arrays). */
export interface ProbeJob {
  model: string;
  limit: number;
  /** The first this many questions are searched but not counted. */
  warmupQueries: number;
  questions: { sourceChunkId: number; text: string; vector: number[] }[];
}

export interface ProbeReport {
  opened: OpenedLibrary;
  searches: RetrievalSearches;
}

function measureSearches(index: ChunkIndex, questions: readonly LibraryQuestion[], job: ProbeJob): RetrievalSearches {
  const { model, limit, warmupQueries } = job;
  const times = { hybrid: [] as number[], hybridCpu: [] as number[], vector: [] as number[], keyword: [] as number[] };
  const stages = { vectorSearchMs: [] as number[], keywordSearchMs: [] as number[], fuseMs: [] as number[] };
  const found = { hybrid: 0, vector: 0, keyword: 0 };
  const timed = <T>(run: () => T): [T, number] => {
    const started = performance.now();
    const value = run();
    return [value, performance.now() - started];
  };
  questions.forEach((question, i) => {
    // CPU time as well as wall time: on a shared machine, other work stretches the wall time of the very same search.
    const cpuBefore = process.cpuUsage();
    const [hybrid, hybridMs] = timed(() => index.hybridSearch({ text: question.text, vector: question.vector, model, limit }));
    const cpu = process.cpuUsage(cpuBefore);
    const [vector, vectorMs] = timed(() => index.vectorSearch(question.vector, limit, model));
    const [keyword, keywordMs] = timed(() => index.keywordSearch(question.text, limit));
    if (i < warmupQueries) return;
    times.hybrid.push(hybridMs);
    times.hybridCpu.push((cpu.user + cpu.system) / 1000);
    times.vector.push(vectorMs);
    times.keyword.push(keywordMs);
    for (const stage of ['vectorSearchMs', 'keywordSearchMs', 'fuseMs'] as const) stages[stage].push(hybrid.timings[stage]);
    const has = (hits: readonly { chunkId: number }[]) => (hits.some((hit) => hit.chunkId === question.sourceChunkId) ? 1 : 0);
    found.hybrid += has(hybrid.hits);
    found.vector += has(vector);
    found.keyword += has(keyword);
  });
  const counted = questions.length - warmupQueries;
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

async function probe(file: string, key: Buffer, job: ProbeJob): Promise<ProbeReport> {
  const questions: LibraryQuestion[] = job.questions.map((question) => ({ ...question, vector: Float32Array.from(question.vector) }));
  const first = questions[0];
  if (!first) throw new Error('The job has no questions.');
  const started = performance.now();
  const db = openDatabase(file, { key });
  const index = createChunkIndex(db);
  try {
    index.hybridSearch({ text: first.text, vector: first.vector, model: job.model, limit: job.limit });
    const unlockToFirstAnswerMs = performance.now() - started;
    const indexAtFirstAnswer = index.status();
    // Whatever the index still does in the background would otherwise share the timed searches' time.
    await index.settle();
    const searches = measureSearches(index, questions, job);
    return { opened: { unlockToFirstAnswerMs, indexAtFirstAnswer, rssBytes: process.memoryUsage().rss }, searches };
  } finally {
    index.close();
    db.close();
  }
}

const { values } = parseArgs({ strict: true, options: { file: { type: 'string' }, key: { type: 'string' }, job: { type: 'string' } } });
if (!values.file || !values.key || !values.job) throw new Error('usage: retrieval-probe.ts --file DB --key HEX --job JOB.json');
const report = await probe(values.file, Buffer.from(values.key, 'hex'), JSON.parse(readFileSync(values.job, 'utf8')) as ProbeJob);
console.log(JSON.stringify(report));
