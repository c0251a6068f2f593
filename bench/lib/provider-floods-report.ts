/**
 * `npm run bench:provider-floods`'s results: a consumer's latencies on a
 * provider alone and under each flood, written to
 * bench/results/provider-floods-latest.json and provider-floods-latest.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { answered, type FloodSpec, type FloodStats } from './provider-floods.ts';
import { fixed, type BenchRunHeader } from './report.ts';
import { median, percentile } from './stats.ts';

/** One consumer request: how long until its answer (for a prompt, its first text), and whether it was served. */
export interface Attempt {
  ms: number;
  /** 'served', or the error code it was refused with. */
  outcome: string;
}

export interface LatencyRow {
  /** Over the requests served. */
  p50Ms: number;
  p95Ms: number;
  served: number;
  attempts: number;
  /** Requests not served, by error code. */
  refusals: Record<string, number>;
  /** p95 of the time to any answer, a refusal included. */
  answerP95Ms: number;
}

export interface FloodRowResult {
  row: string;
  /** What floods the provider meanwhile; null for a baseline. */
  flood: string | null;
  floodKind: FloodSpec['kind'] | null;
  sessionRequest: LatencyRow;
  firstToken: LatencyRow;
  /** p95 ÷ the opening baseline's p95. */
  timesBaseline: { sessionRequest: number; firstToken: number };
  allServed: boolean;
  /** The flood when the consumer began, and when it finished; absent for a baseline. */
  floodAtStart?: FloodStats;
  floodAtEnd?: FloodStats;
  /** Connections the provider still held once the flood stopped (read from /proc/net/tcp; null where it cannot be read). */
  heldAfterFlood?: number | null;
}

export interface ProviderFloodsResult extends Omit<BenchRunHeader, 'model'> {
  model: { file: string; bytes: number };
  rows: FloodRowResult[];
  checks: Record<string, boolean | string | number>;
}

export function latencyRow(attempts: readonly Attempt[]): LatencyRow {
  const served = attempts.filter((a) => a.outcome === 'served').map((a) => a.ms);
  const refusals: Record<string, number> = {};
  for (const { outcome } of attempts) if (outcome !== 'served') refusals[outcome] = (refusals[outcome] ?? 0) + 1;
  return {
    p50Ms: median(served), p95Ms: percentile(served, 0.95), served: served.length, attempts: attempts.length, refusals,
    answerP95Ms: percentile(attempts.map((a) => a.ms), 0.95),
  };
}

const count = (n: number) => n.toLocaleString('en-US');
const refusalText = (refusals: Record<string, number>) => Object.entries(refusals).map(([code, n]) => `${count(n)} ${code}`).join(', ');

function servedText({ sessionRequest, firstToken, allServed }: FloodRowResult): string {
  if (allServed) return 'yes';
  const part = (what: string, row: LatencyRow) => (row.served === row.attempts ? [] : [`${what} ${row.served}/${row.attempts} (${refusalText(row.refusals)})`]);
  return `no: ${[...part('session.request', sessionRequest), ...part('prompt', firstToken)].join('; ')}`;
}

const latencyCell = (row: LatencyRow) => (row.served === 0 ? `none served (answer p95 ${fixed(row.answerP95Ms, 1)})` : `${fixed(row.p95Ms, 1)} (${fixed(row.p50Ms, 1)})`);

/** How strong the flood was: its connections, or its requests' rate and answers, while the consumer measured. */
export function floodText(kind: FloodSpec['kind'], start: FloodStats, end: FloodStats): string {
  if (kind === 'connections') {
    return `${count(end.live)} open at the end; ${count(end.opened)} opened, ${count(end.closedByProvider)} cut by the provider`;
  }
  const seconds = (end.elapsedMs - start.elapsedMs) / 1000;
  const rate = seconds > 0 ? (answered(end) - answered(start)) / seconds : Number.NaN;
  return `${fixed(rate, 0)} answered/s while measured; all ${count(answered(end))}: ${refusalText(end.answers)}`;
}

export function providerFloodsMarkdown(result: ProviderFloodsResult): string {
  const first = result.rows[0];
  return [
    `# Hearth provider under floods, ${result.date}`,
    '',
    `Model: ${result.model.file}, ${(result.model.bytes / 1e6).toFixed(1)} MB. ` +
      `Machine: ${result.machine.cpu}, ${result.machine.cores} cores (load average ${result.machine.loadAverageAtStart.toFixed(1)} at start), ` +
      `Node ${result.machine.node}, node-llama-cpp ${result.machine.nodeLlamaCpp}.`,
    `Settings: ${Object.entries(result.settings).map(([k, v]) => `${k} ${typeof v === 'string' ? JSON.stringify(v) : v}`).join(', ')}.`,
    '',
    `A consumer on 127.0.0.1 (proven: its session is open on chain and it has prompted), ${first?.sessionRequest.attempts ?? 0} ` +
      'session.requests and as many prompts (max_tokens 8) per row, in turn. Latencies in ms, p95 (median in brackets), over the requests served; ' +
      '× baseline is p95 ÷ the opening baseline\u2019s p95 (session.request / first token). The closing baseline shows the drift over the run.',
    '',
    '| row | session.request p95 (p50) | first token p95 (p50) | × baseline | all served |',
    '|---|---:|---:|---:|---|',
    ...result.rows.map((row) =>
      `| ${row.row} | ${latencyCell(row.sessionRequest)} | ${latencyCell(row.firstToken)} | ` +
        `${fixed(row.timesBaseline.sessionRequest, 2)} / ${fixed(row.timesBaseline.firstToken, 2)} | ${servedText(row)} |`),
    '',
    '| row | flood | while the consumer measured | connections held after |',
    '|---|---|---|---:|',
    ...result.rows.flatMap(({ row, flood, floodKind, floodAtStart, floodAtEnd, heldAfterFlood }) =>
      (flood && floodKind && floodAtStart && floodAtEnd
        ? [`| ${row} | ${flood} | ${floodText(floodKind, floodAtStart, floodAtEnd)} | ${heldAfterFlood ?? 'n/a'} |`]
        : [])),
    '',
    `Checks: ${Object.entries(result.checks).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '',
  ].join('\n');
}

export async function writeProviderFloodsResults(dir: string, result: ProviderFloodsResult): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = [join(dir, 'provider-floods-latest.json'), join(dir, 'provider-floods-latest.md')];
  await writeFile(files[0]!, `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(files[1]!, providerFloodsMarkdown(result));
  return files;
}
