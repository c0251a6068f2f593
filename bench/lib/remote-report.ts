/**
 * `npm run bench:remote`'s results: bench/results/remote-latest.json and
 * remote-latest.md, with the three numbers the issue sets (decode ratio,
 * time Hearth adds before the first token, session opens) and the rounds
 * behind them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixed, type BenchRunHeader, type PathSummary } from './report.ts';

export interface RemoteRoundDetail {
  providerTtftMs: number;
  addedTtftMs: number;
  textChunks: number;
  consumerCpuMs: number;
  providerCpuMs: number;
}

export interface RemoteBenchResult extends BenchRunHeader {
  rounds: { round: number; bare: PathSummary; remote: PathSummary & RemoteRoundDetail }[];
  median: { bare: PathSummary; remote: PathSummary & RemoteRoundDetail };
  /** Chat-seen remote decode tok/s ÷ bare in-process decode tok/s (medians). */
  decode: { ratio: number; target: number; meetsTarget: boolean };
  /** Per reply: the chat's TTFT minus the provider's own (from its receipt). */
  addedFirstTokenMs: { p50: number; p95: number; max: number; target: number; meetsTarget: boolean; providerTtftFrom: string };
  /** Fresh sessions opened after the replies; the run's first open (cold) apart. */
  sessionOpen: { count: number; p50Ms: number; p95Ms: number; firstOpenMs: number; transactionsPerOpen: number; opensMs: number[] };
  checks: Record<string, boolean | string | number>;
}

const met = (meets: boolean): string => (meets ? 'met' : 'NOT met');

export function remoteSummaryLines({ decode, addedFirstTokenMs: added, sessionOpen: open }: RemoteBenchResult): string[] {
  return [
    `remote (as the chat sees it)/in-process decode: ${fixed(decode.ratio, 3)} (target ≥ ${decode.target}: ${met(decode.meetsTarget)})`,
    `time Hearth adds before the first remote token: p50 ${fixed(added.p50, 1)} ms, p95 ${fixed(added.p95, 1)} ms ` +
      `(target p95 ≤ ${added.target} ms: ${met(added.meetsTarget)})`,
    `opening a session on the dev chain: p50 ${fixed(open.p50Ms, 0)} ms, p95 ${fixed(open.p95Ms, 0)} ms over ${open.count} opens ` +
      `(${open.transactionsPerOpen} transactions each; the run's first, cold: ${fixed(open.firstOpenMs, 0)} ms)`,
  ];
}

export function remoteMarkdown(result: RemoteBenchResult): string {
  const { median, model } = result;
  return [
    `# Hearth remote reply benchmark, ${result.date}`,
    '',
    `Model: ${model.file}, ${(model.parameters / 1e6).toFixed(0)}M parameters, ${(model.bytes / 1e6).toFixed(0)} MB. ` +
      `Machine: ${result.machine.cpu}, ${result.machine.cores} cores (load average ${result.machine.loadAverageAtStart.toFixed(1)} at start), ` +
      `Node ${result.machine.node}, node-llama-cpp ${result.machine.nodeLlamaCpp}.`,
    `Settings: ${Object.entries(result.settings).map(([k, v]) => `${k} ${typeof v === 'string' ? JSON.stringify(v) : v}`).join(', ')}.`,
    '',
    ...remoteSummaryLines(result).map((line) => `- ${line}`),
    '',
    `The provider's own TTFT: ${result.addedFirstTokenMs.providerTtftFrom}.`,
    '',
    `Medians of ${result.rounds.length} interleaved rounds:`,
    '',
    '| path | TTFT (ms) | decode (tok/s) | tokens |',
    '|---|---:|---:|---:|',
    `| bare node-llama-cpp, in-process | ${fixed(median.bare.ttftMs, 1)} | ${fixed(median.bare.decodeTokensPerSecond, 1)} | ${median.bare.tokens} |`,
    `| remote reply in the chat (chat.send → chat.token) | ${fixed(median.remote.ttftMs, 1)} | ${fixed(median.remote.decodeTokensPerSecond, 1)} | ${median.remote.tokens} |`,
    '',
    '| round | bare TTFT | bare tok/s | chat TTFT | provider TTFT | added | chat tok/s | text chunks | provider CPU (ms) | consumer CPU (ms) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...result.rounds.map(
      (r) =>
        `| ${r.round} | ${fixed(r.bare.ttftMs, 1)} | ${fixed(r.bare.decodeTokensPerSecond, 1)} | ${fixed(r.remote.ttftMs, 1)} | ` +
        `${fixed(r.remote.providerTtftMs, 0)} | ${fixed(r.remote.addedTtftMs, 1)} | ${fixed(r.remote.decodeTokensPerSecond, 1)} | ` +
        `${r.remote.textChunks} | ${fixed(r.remote.providerCpuMs, 0)} | ${fixed(r.remote.consumerCpuMs, 0)} |`,
    ),
    '',
    `Session opens (ms, in order): ${result.sessionOpen.opensMs.map((ms) => fixed(ms, 0)).join(', ')}.`,
    '',
    `Checks: ${Object.entries(result.checks).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '',
  ].join('\n');
}

export async function writeRemoteResults(dir: string, result: RemoteBenchResult): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = [join(dir, 'remote-latest.json'), join(dir, 'remote-latest.md')];
  await writeFile(files[0]!, `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(files[1]!, remoteMarkdown(result));
  return files;
}
