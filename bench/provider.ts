/**
 * `npm run bench:provider`: what selling inference over MOR-RPC costs.
 * Measures, in one run with interleaved rounds, (a) node-llama-cpp
 * in-process and (b) a consumer prompting a real provider process over
 * MOR-RPC (session opened on a real Hardhat dev chain, every chunk
 * encrypted and signed) on the same generated 134M q8_0 model with the
 * same settings, and writes bench/results/provider-latest.{json,md}.
 */
import { readFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultGenerationSettings } from '../src/chat/chat-service.ts';
import type { GenerationSettings } from '../src/engine/protocol.ts';
import { startBareRunner } from './lib/bare-runner.ts';
import { benchModelFile, benchModelShape, ensureBenchModel } from './lib/bench-model.ts';
import type { ReplyMeasurement } from './lib/measurement.ts';
import { PROMPTS } from './lib/prompts.ts';
import { providerMarkdown, providerRatioLine, writeProviderResults, type ProviderBenchResult } from './lib/provider-report.ts';
import { startProviderRunner, type ProviderReply } from './lib/provider-runner.ts';
import type { PathSummary } from './lib/report.ts';
import { median } from './lib/stats.ts';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const projectRoot = join(benchDir, '..');
const modelPath = join(benchDir, 'models', benchModelFile);

/** One thread: on these 2-core machines more threads are far slower (see the environment notes). */
const THREADS = 1;
const WARMUP_ROUNDS = 1;
const DECODE_TARGET = 0.95;
/** The provider's inference worker uses the model's context up to 8192 tokens: the bench model's 2048. */
const CONTEXT_SIZE = benchModelShape.contextLength;

class UsageError extends Error {}

function parseRounds(argv: string[]): number {
  let rounds: string;
  try {
    rounds = parseArgs({ args: argv, strict: true, options: { rounds: { type: 'string', default: '6' } } }).values.rounds;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. The only option is --rounds N.`);
  }
  if (!/^\d+$/.test(rounds) || Number(rounds) < 1) throw new UsageError(`--rounds must be a whole number above 0, got "${rounds}".`);
  return Number(rounds);
}

const settings: GenerationSettings = { ...defaultGenerationSettings, temperature: 0, seed: 1, maxTokens: 128 };

const summary = (reply: ReplyMeasurement): PathSummary => ({ ttftMs: reply.ttftMs, decodeTokensPerSecond: reply.decodeTokensPerSecond, tokens: reply.tokens });

function medianOf<T extends object>(replies: readonly T[], keys: readonly (keyof T)[]): Record<string, number> {
  return Object.fromEntries(keys.map((key) => [key, median(replies.map((r) => r[key] as number))]));
}

async function main(roundCount: number): Promise<void> {
  const loadAverageAtStart = loadavg()[0]!;
  if (loadAverageAtStart > cpus().length / 2) {
    console.warn(`The machine is busy (load average ${loadAverageAtStart.toFixed(1)} on ${cpus().length} cores): expect noisy numbers.`);
  }
  const model = await ensureBenchModel(modelPath, benchModelShape);
  console.log(`Model ${relative(projectRoot, model.path)} (${(model.bytes / 1e6).toFixed(0)} MB). Starting a dev chain and a provider…`);

  const provider = await startProviderRunner({ modelPath, threads: THREADS, settings });
  const bare = await startBareRunner({ modelPath, contextSize: CONTEXT_SIZE, threads: THREADS, settings }).catch(async (error: unknown) => {
    await provider.close();
    throw error;
  });

  const bareReplies: ReplyMeasurement[] = [];
  const providerReplies: ProviderReply[] = [];
  try {
    for (let round = 1 - WARMUP_ROUNDS; round <= roundCount; round++) {
      // Strict alternation, as in bench/run.ts: a path right after itself has warmer caches.
      const prompt = PROMPTS[(round - 1 + WARMUP_ROUNDS) % PROMPTS.length]!;
      const bareReply = await bare.reply(prompt);
      const providerReply = await provider.reply(prompt);
      console.log(
        `${round < 1 ? 'warm-up' : `round ${round}/${roundCount}`}: bare ${bareReply.ttftMs.toFixed(0)} ms, ${bareReply.decodeTokensPerSecond.toFixed(1)} tok/s; ` +
          `provider ${providerReply.ttftMs.toFixed(0)} ms, ${providerReply.decodeTokensPerSecond.toFixed(1)} tok/s ` +
          `(${providerReply.textChunks} chunks; provider CPU ${providerReply.providerCpuMs.toFixed(0)} ms, consumer CPU ${providerReply.consumerCpuMs.toFixed(0)} ms)`,
      );
      if (round < 1) continue;
      bareReplies.push(bareReply);
      providerReplies.push(providerReply);
    }
  } finally {
    await bare.close();
    await provider.close();
  }

  const medians = {
    bare: medianOf(bareReplies, ['ttftMs', 'decodeTokensPerSecond', 'tokens']) as unknown as PathSummary,
    provider: medianOf(providerReplies, ['ttftMs', 'decodeTokensPerSecond', 'tokens', 'textChunks', 'consumerCpuMs', 'providerCpuMs']) as unknown as ProviderBenchResult['median']['provider'],
  };
  const decode = medians.provider.decodeTokensPerSecond / medians.bare.decodeTokensPerSecond;
  const nodeLlamaCpp = (JSON.parse(await readFile(join(projectRoot, 'node_modules', 'node-llama-cpp', 'package.json'), 'utf8')) as { version: string }).version;
  const result: ProviderBenchResult = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.versions.node, nodeLlamaCpp, loadAverageAtStart },
    model: { file: relative(projectRoot, model.path), bytes: model.bytes, parameters: model.parameters, shape: benchModelShape, generatedInSeconds: model.generatedInSeconds },
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
    rounds: bareReplies.map((bareReply, i) => {
      const { textChunks, consumerCpuMs, providerCpuMs } = providerReplies[i]!;
      return { round: i + 1, bare: summary(bareReply), provider: { ...summary(providerReplies[i]!), textChunks, consumerCpuMs, providerCpuMs } };
    }),
    median: medians,
    ratios: {
      decode,
      ttft: medians.provider.ttftMs / medians.bare.ttftMs,
      ttftExtraMs: medians.provider.ttftMs - medians.bare.ttftMs,
      decodeTarget: DECODE_TARGET,
      decodeMeetsTarget: decode >= DECODE_TARGET,
    },
    checks: {
      // Identical settings at temperature 0 must give identical text, decrypted chunk by chunk.
      sameText: providerReplies.every((reply, i) => reply.text === bareReplies[i]!.text),
      fullLengthReplies: [...bareReplies, ...providerReplies].every((reply) => reply.tokens === settings.maxTokens),
    },
  };
  const files = await writeProviderResults(join(benchDir, 'results'), result);
  console.log(`\n${providerMarkdown(result)}`);
  console.log(providerRatioLine(result));
  console.log(`Wrote ${files.map((file) => relative(projectRoot, file)).join(', ')}`);
}

try {
  await main(parseRounds(process.argv.slice(2)));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
