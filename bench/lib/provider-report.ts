/**
 * `npm run bench:provider`'s results: bench/results/provider-latest.json
 * and provider-latest.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixed, type BenchRunHeader, type PathSummary } from './report.ts';

export interface ProviderRoundCosts {
  textChunks: number;
  consumerCpuMs: number;
  providerCpuMs: number;
}

export interface ProviderBenchResult extends BenchRunHeader {
  rounds: { round: number; bare: PathSummary; provider: PathSummary & ProviderRoundCosts }[];
  median: { bare: PathSummary; provider: PathSummary & ProviderRoundCosts };
  ratios: { decode: number; ttft: number; ttftExtraMs: number; decodeTarget: number; decodeMeetsTarget: boolean };
  checks: Record<string, boolean | string | number>;
}


export function providerRatioLine({ ratios }: ProviderBenchResult): string {
  return (
    `provider/bare decode: ${fixed(ratios.decode, 3)} (target ≥ ${ratios.decodeTarget}: ${ratios.decodeMeetsTarget ? 'met' : 'NOT met'}); ` +
    `provider/bare TTFT: ${fixed(ratios.ttft, 3)} (${ratios.ttftExtraMs >= 0 ? '+' : ''}${fixed(ratios.ttftExtraMs, 1)} ms)`
  );
}

export function providerMarkdown(result: ProviderBenchResult): string {
  const { median, model } = result;
  return [
    `# Hearth provider benchmark, ${result.date}`,
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
    `| provider over MOR-RPC (dev chain, ECIES + signatures) | ${fixed(median.provider.ttftMs, 1)} | ${fixed(median.provider.decodeTokensPerSecond, 1)} | ${median.provider.tokens} |`,
    '',
    providerRatioLine(result),
    '',
    '| round | bare TTFT | bare tok/s | provider TTFT | provider tok/s | text chunks | provider CPU (ms) | consumer CPU (ms) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...result.rounds.map(
      (r) =>
        `| ${r.round} | ${fixed(r.bare.ttftMs, 1)} | ${fixed(r.bare.decodeTokensPerSecond, 1)} | ${fixed(r.provider.ttftMs, 1)} | ` +
        `${fixed(r.provider.decodeTokensPerSecond, 1)} | ${r.provider.textChunks} | ${fixed(r.provider.providerCpuMs, 0)} | ${fixed(r.provider.consumerCpuMs, 0)} |`,
    ),
    '',
    `Checks: ${Object.entries(result.checks).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '',
  ].join('\n');
}

export async function writeProviderResults(dir: string, result: ProviderBenchResult): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const files = [join(dir, 'provider-latest.json'), join(dir, 'provider-latest.md')];
  await writeFile(files[0]!, json);
  await writeFile(files[1]!, providerMarkdown(result));
  return files;
}
