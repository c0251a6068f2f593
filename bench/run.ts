/**
 * `npm run bench`: how much speed the app's path costs. Measures, in one
 * run with interleaved rounds, (a) node-llama-cpp in-process and (b) the
 * whole app (core → inference worker → browser host → WebSocket client) on
 * the same generated 134M q8_0 model with the same settings, and writes
 * bench/results/latest.{json,md}.
 */
import { readFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultGenerationSettings } from '../src/chat/chat-service.ts';
import type { GenerationSettings } from '../src/engine/protocol.ts';
import { startAppRunner, type AppReply } from './lib/app-runner.ts';
import { startBareRunner } from './lib/bare-runner.ts';
import { benchModelFile, benchModelShape, ensureBenchModel } from './lib/bench-model.ts';
import type { ReplyMeasurement } from './lib/measurement.ts';
import { PROMPTS } from './lib/prompts.ts';
import { ratioLine, toMarkdown, writeResults, type BenchResult, type PathSummary } from './lib/report.ts';
import { median } from './lib/stats.ts';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const projectRoot = join(benchDir, '..');
const modelPath = join(benchDir, 'models', benchModelFile);
const shape = benchModelShape;

/** One thread: on these 2-core machines more threads are far slower (see the environment notes). */
const THREADS = 1;
const WARMUP_ROUNDS = 1;
const DECODE_TARGET = 0.97;

class UsageError extends Error {}

/** Measured rounds, each interleaving both paths; medians are taken over these. `--rounds N` asks for more on a noisy machine. */
function parseRounds(argv: string[]): number {
  let rounds: string;
  try {
    rounds = parseArgs({ args: argv, strict: true, options: { rounds: { type: 'string', default: '8' } } }).values.rounds;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. The only option is --rounds N.`);
  }
  if (!/^\d+$/.test(rounds) || Number(rounds) < 1) throw new UsageError(`--rounds must be a whole number above 0, got "${rounds}".`);
  return Number(rounds);
}

/** The app's own defaults with the benchmark's overrides, handed to both paths. */
const settings: GenerationSettings = { ...defaultGenerationSettings, temperature: 0, seed: 1, maxTokens: 128 };

function summary(reply: ReplyMeasurement): PathSummary {
  return { ttftMs: reply.ttftMs, decodeTokensPerSecond: reply.decodeTokensPerSecond, tokens: reply.tokens };
}

function medianSummary(replies: readonly ReplyMeasurement[]): PathSummary {
  return {
    ttftMs: median(replies.map((r) => r.ttftMs)),
    decodeTokensPerSecond: median(replies.map((r) => r.decodeTokensPerSecond)),
    tokens: median(replies.map((r) => r.tokens)),
  };
}

async function main(roundCount: number): Promise<void> {
  // Other work on the machine slows both paths unevenly: the load is recorded, and warned about.
  const loadAverageAtStart = loadavg()[0]!;
  if (loadAverageAtStart > cpus().length / 2) {
    console.warn(`The machine is busy (load average ${loadAverageAtStart.toFixed(1)} on ${cpus().length} cores): expect noisy numbers.`);
  }
  const model = await ensureBenchModel(modelPath, shape);
  console.log(
    model.generatedInSeconds === null
      ? `Using ${relative(projectRoot, model.path)} (${(model.bytes / 1e6).toFixed(0)} MB).`
      : `Generated ${relative(projectRoot, model.path)} (${(model.bytes / 1e6).toFixed(0)} MB) in ${model.generatedInSeconds.toFixed(1)} s.`,
  );

  // The app first: its status says which context size and threads it really
  // uses, and the bare path is then set up with exactly those.
  const app = await startAppRunner({ modelPath, threads: THREADS, settings });
  const bare = await startBareRunner({
    modelPath,
    contextSize: app.status.contextSize ?? shape.contextLength,
    threads: app.status.threads ?? THREADS,
    settings,
  }).catch(async (error: unknown) => {
    await app.close();
    throw error;
  });

  const bareReplies: ReplyMeasurement[] = [];
  const appReplies: AppReply[] = [];
  const rounds: BenchResult['rounds'] = [];
  try {
    for (let round = 1 - WARMUP_ROUNDS; round <= roundCount; round++) {
      // Strict alternation: every reply follows one by the other path. A path
      // that runs right after itself starts with warm caches (measured here:
      // about 20 ms less TTFT), so alternating in pairs (ABBA) would favour one.
      const prompt = PROMPTS[(round - 1 + WARMUP_ROUNDS) % PROMPTS.length]!;
      const bareResult = await bare.reply(prompt);
      const appReply = await app.reply(prompt);
      const label = round < 1 ? 'warm-up' : `round ${round}/${roundCount}`;
      console.log(
        `${label}: bare ${bareResult.ttftMs.toFixed(0)} ms, ${bareResult.decodeTokensPerSecond.toFixed(1)} tok/s; ` +
          `app ${appReply.ttftMs.toFixed(0)} ms, ${appReply.decodeTokensPerSecond.toFixed(1)} tok/s ` +
          `(worker's own: ${appReply.workerStats.ttftMs.toFixed(0)} ms, ${appReply.workerStats.tokensPerSecond.toFixed(1)} tok/s; ` +
          `core CPU ${appReply.coreCpuMs.toFixed(0)} ms)`,
      );
      if (round < 1) continue;
      bareReplies.push(bareResult);
      appReplies.push(appReply);
      rounds.push({
        round,
        bare: summary(bareResult),
        app: {
          ...summary(appReply),
          workerTtftMs: appReply.workerStats.ttftMs,
          workerTokensPerSecond: appReply.workerStats.tokensPerSecond,
          coreCpuMs: appReply.coreCpuMs,
        },
      });
    }
  } finally {
    await bare.close();
    await app.close();
  }

  const medians = { bare: medianSummary(bareReplies), app: medianSummary(appReplies) };
  const decode = medians.app.decodeTokensPerSecond / medians.bare.decodeTokensPerSecond;
  const nodeLlamaCpp = (JSON.parse(await readFile(join(projectRoot, 'node_modules', 'node-llama-cpp', 'package.json'), 'utf8')) as { version: string }).version;
  const result: BenchResult = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.versions.node, nodeLlamaCpp, loadAverageAtStart },
    model: { file: relative(projectRoot, model.path), bytes: model.bytes, parameters: model.parameters, shape, generatedInSeconds: model.generatedInSeconds },
    settings: {
      prompts: PROMPTS.join(' | '),
      systemPrompt: settings.systemPrompt,
      temperature: settings.temperature,
      topK: settings.topK,
      topP: settings.topP,
      seed: settings.seed,
      maxTokens: settings.maxTokens,
      threads: bare.threads,
      contextSize: bare.contextSize,
      gpu: String(bare.gpu),
      chatWrapper: bare.chatWrapper,
    },
    rounds,
    median: medians,
    ratios: {
      decode,
      ttft: medians.app.ttftMs / medians.bare.ttftMs,
      ttftExtraMs: medians.app.ttftMs - medians.bare.ttftMs,
      decodeTarget: DECODE_TARGET,
      decodeMeetsTarget: decode >= DECODE_TARGET,
    },
    checks: {
      // Identical settings at temperature 0 must give identical text.
      sameText: appReplies.every((reply, i) => reply.text === bareReplies[i]!.text),
      sameContextSize: app.status.contextSize === bare.contextSize,
      sameThreads: app.status.threads === bare.threads,
      fullLengthReplies: [...bareReplies, ...appReplies].every((reply) => reply.tokens === settings.maxTokens),
    },
  };
  const files = await writeResults(join(benchDir, 'results'), result);
  console.log(`\n${toMarkdown(result)}`);
  console.log(ratioLine(result));
  console.log(`Wrote ${files.map((file) => relative(projectRoot, file)).join(', ')}`);
}

try {
  await main(parseRounds(process.argv.slice(2)));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
