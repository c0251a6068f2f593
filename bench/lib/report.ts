/**
 * The benchmark's results: a JSON record (latest plus a timestamped copy)
 * and a markdown table, both under bench/results/.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface PathSummary {
  ttftMs: number;
  decodeTokensPerSecond: number;
  tokens: number;
}

/** What every bench's results open with: when, on what machine, which model and settings. */
export interface BenchRunHeader {
  date: string;
  machine: { cpu: string; cores: number; node: string; nodeLlamaCpp: string; loadAverageAtStart: number };
  model: { file: string; bytes: number; parameters: number; shape: Record<string, unknown>; generatedInSeconds: number | null };
  settings: Record<string, unknown>;
}

/** Formats a number, or n/a for one that is not finite (a path that wrote nothing). */
export const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

export interface BenchResult extends BenchRunHeader {
  rounds: { round: number; bare: PathSummary; app: PathSummary & { workerTtftMs: number; workerTokensPerSecond: number; coreCpuMs: number } }[];
  median: { bare: PathSummary; app: PathSummary };
  ratios: { decode: number; ttft: number; ttftExtraMs: number; decodeTarget: number; decodeMeetsTarget: boolean };
  checks: Record<string, boolean | string | number>;
}

export function toMarkdown(result: BenchResult): string {
  const { median, model } = result;
  const lines = [
    `# Hearth benchmark, ${result.date}`,
    '',
    `Model: ${model.file}, ${(model.parameters / 1e6).toFixed(0)}M parameters, ${(model.bytes / 1e6).toFixed(0)} MB. ` +
      `Machine: ${result.machine.cpu}, ${result.machine.cores} cores (load average ${result.machine.loadAverageAtStart.toFixed(1)} at start), ` +
      `Node ${result.machine.node}, node-llama-cpp ${result.machine.nodeLlamaCpp}.`,
    `Settings: ${Object.entries(result.settings).map(([k, v]) => `${k} ${typeof v === 'string' ? JSON.stringify(v) : v}`).join(', ')}.`,
    '',
    `Medians of ${result.rounds.length} interleaved rounds:`,
    '',
    '| path | TTFT (ms) | decode (tok/s) | tokens |',
    '|---|---:|---:|---:|',
    `| bare node-llama-cpp, in-process | ${fixed(median.bare.ttftMs, 1)} | ${fixed(median.bare.decodeTokensPerSecond, 1)} | ${median.bare.tokens} |`,
    `| app: core → worker → WebSocket client | ${fixed(median.app.ttftMs, 1)} | ${fixed(median.app.decodeTokensPerSecond, 1)} | ${median.app.tokens} |`,
    '',
    ratioLine(result),
    '',
    '| round | bare TTFT | bare tok/s | app TTFT | app tok/s | worker TTFT | worker tok/s | core CPU (ms) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...result.rounds.map(
      (r) =>
        `| ${r.round} | ${fixed(r.bare.ttftMs, 1)} | ${fixed(r.bare.decodeTokensPerSecond, 1)} | ${fixed(r.app.ttftMs, 1)} | ` +
        `${fixed(r.app.decodeTokensPerSecond, 1)} | ${fixed(r.app.workerTtftMs, 1)} | ${fixed(r.app.workerTokensPerSecond, 1)} | ${fixed(r.app.coreCpuMs, 0)} |`,
    ),
    '',
    `Checks: ${Object.entries(result.checks).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '',
  ];
  return lines.join('\n');
}

export function ratioLine({ ratios }: BenchResult): string {
  return (
    `app/bare decode: ${fixed(ratios.decode, 3)} (target ≥ ${ratios.decodeTarget}: ${ratios.decodeMeetsTarget ? 'met' : 'NOT met'}); ` +
    `app/bare TTFT: ${fixed(ratios.ttft, 3)} (${ratios.ttftExtraMs >= 0 ? '+' : ''}${fixed(ratios.ttftExtraMs, 1)} ms)`
  );
}

export async function writeResults(dir: string, result: BenchResult): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const stamp = result.date.replace(/[:.]/g, '-');
  const files = [join(dir, 'latest.json'), join(dir, `${stamp}.json`), join(dir, 'latest.md')];
  await writeFile(files[0]!, json);
  await writeFile(files[1]!, json);
  await writeFile(files[2]!, toMarkdown(result));
  return files;
}
