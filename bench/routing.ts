/**
 * `npm run bench:routing`: what deciding where a question runs costs. The
 * routing policy's decision without a local draft (target p99 ≤ 1 ms); the
 * draft check's cost per question on the benchmark model, beside its time
 * to a reply's first token; and redaction of what leaves: its throughput on
 * 1 MB of mixed text, with the labelled corpus's recall (target ≥ 0.98) and
 * precision (≥ 0.95). Writes bench/results/routing-latest.{json,md}.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchModelFile, benchModelShape, ensureBenchModel } from './lib/bench-model.ts';
import { measureDraft } from './lib/draft-bench.ts';
import { runRedactionBench } from './lib/redaction-bench.ts';
import { fixed } from './lib/report.ts';
import { measureRouting } from './lib/routing-bench.ts';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const redactionTargets = { recall: 0.98, precision: 0.95 };

const loadAverageAtStart = loadavg()[0]!;
const routing = await measureRouting();
const model = await ensureBenchModel(join(benchDir, 'models', benchModelFile), benchModelShape);
const draft = await measureDraft(model.path);
const redaction = await runRedactionBench();
const result = {
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.versions.node, loadAverageAtStart },
  routing,
  draft,
  redaction: {
    ...redaction,
    targets: redactionTargets,
    met: redaction.recall >= redactionTargets.recall && redaction.precision >= redactionTargets.precision,
  },
};

const ms = (value: number) => fixed(value, 4);
const markdown = [
  `# Hearth routing benchmark, ${result.date}`,
  '',
  `Machine: ${result.machine.cpu}, ${result.machine.cores} cores (load average ${loadAverageAtStart.toFixed(1)} at start), Node ${result.machine.node}.`,
  '',
  '| Measure | p50 ms | p95 ms | p99 ms |',
  '| --- | --- | --- | --- |',
  `| decideRoute, no draft (${routing.inputs} inputs) | ${ms(routing.decide.p50Ms)} | ${ms(routing.decide.p95Ms)} | ${ms(routing.decide.p99Ms)} |`,
  `| cheapSignals | ${ms(routing.signals.p50Ms)} | ${ms(routing.signals.p95Ms)} | ${ms(routing.signals.p99Ms)} |`,
  '',
  `decideRoute p99 target ≤ ${routing.target.decideP99Ms} ms: ${routing.target.met ? 'met' : 'NOT met'}.`,
  '',
  `Draft check (${draft.draftTokens} tokens, ${relative(join(benchDir, '..'), model.path)}, one thread, median of ${draft.rounds}): ` +
    `${fixed(draft.draftMs, 0)} ms per question, ${fixed(draft.ratio, 2)}× the ${fixed(draft.replyTtftMs, 0)} ms to a reply's first token.`,
  '',
  `Redaction: ${fixed(redaction.mbPerSecond, 1)} MB/s on ${fixed(redaction.bytes / 1e6, 1)} MB (median of ${redaction.rounds} rounds, ${redaction.placeholders} placeholders); ` +
    `corpus recall ${fixed(redaction.recall, 3)} (target ≥ ${redactionTargets.recall}), precision ${fixed(redaction.precision, 3)} (target ≥ ${redactionTargets.precision}): ${result.redaction.met ? 'met' : 'NOT met'}.`,
  '',
].join('\n');

const resultsDir = join(benchDir, 'results');
await mkdir(resultsDir, { recursive: true });
const files = [join(resultsDir, 'routing-latest.json'), join(resultsDir, 'routing-latest.md')];
await writeFile(files[0]!, `${JSON.stringify(result, null, 2)}\n`);
await writeFile(files[1]!, markdown);
console.log(markdown);
console.log(`Wrote ${files.map((file) => relative(join(benchDir, '..'), file)).join(', ')}`);
