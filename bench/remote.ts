/**
 * `npm run bench:remote`: what a provider's reply costs as the chat shows
 * it. In one run, with interleaved rounds on the generated 134M q8_0 model
 * and the same settings: (a) node-llama-cpp in-process and (b) the chat
 * service writing a reply through a provider session on a real Hardhat dev
 * chain; then fresh sessions opened and timed. Answers the issue's three
 * numbers (decode ratio, time Hearth adds before the first remote token,
 * session opens) in bench/results/remote-latest.{json,md}.
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
import type { PathSummary } from './lib/report.ts';
import { remoteMarkdown, remoteSummaryLines, writeRemoteResults, type RemoteBenchResult, type RemoteRoundDetail } from './lib/remote-report.ts';
import { startRemoteRunner, type RemoteReply, type SessionOpenTiming } from './lib/remote-runner.ts';
import { median, percentile } from './lib/stats.ts';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const projectRoot = join(benchDir, '..');
const modelPath = join(benchDir, 'models', benchModelFile);

/** One thread: on these 2-core machines more threads are far slower (see the environment notes). */
const THREADS = 1;
const WARMUP_ROUNDS = 1;
const DECODE_TARGET = 0.95;
const ADDED_FIRST_TOKEN_TARGET_MS = 30;
/** The provider's inference worker uses the model's context up to 8192 tokens: the bench model's 2048. */
const CONTEXT_SIZE = benchModelShape.contextLength;

class UsageError extends Error {}

/** --rounds N (default 40: the added first-token time is judged at its p95) and --opens N (default 40). */
function parseOptions(argv: string[]): { rounds: number; opens: number } {
  let values: { rounds: string; opens: string };
  try {
    values = parseArgs({ args: argv, strict: true, options: { rounds: { type: 'string', default: '40' }, opens: { type: 'string', default: '40' } } }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. The options are --rounds N and --opens N.`);
  }
  const wholeAboveZero = (name: string, value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--${name} must be a whole number above 0, got "${value}".`);
    return Number(value);
  };
  return { rounds: wholeAboveZero('rounds', values.rounds), opens: wholeAboveZero('opens', values.opens) };
}

const settings: GenerationSettings = { ...defaultGenerationSettings, temperature: 0, seed: 1, maxTokens: 128 };

const summary = (reply: ReplyMeasurement): PathSummary => ({ ttftMs: reply.ttftMs, decodeTokensPerSecond: reply.decodeTokensPerSecond, tokens: reply.tokens });

const remoteDetail = (reply: RemoteReply): RemoteRoundDetail => ({
  providerTtftMs: reply.providerTtftMs, addedTtftMs: reply.addedTtftMs, textChunks: reply.textChunks,
  consumerCpuMs: reply.consumerCpuMs, providerCpuMs: reply.providerCpuMs,
});

const medianBy = <T>(items: readonly T[], value: (item: T) => number): number => median(items.map(value));

async function main({ rounds: roundCount, opens: openCount }: { rounds: number; opens: number }): Promise<void> {
  const loadAverageAtStart = loadavg()[0]!;
  if (loadAverageAtStart > cpus().length / 2) {
    console.warn(`The machine is busy (load average ${loadAverageAtStart.toFixed(1)} on ${cpus().length} cores): expect noisy numbers.`);
  }
  const model = await ensureBenchModel(modelPath, benchModelShape);
  console.log(`Model ${relative(projectRoot, model.path)} (${(model.bytes / 1e6).toFixed(0)} MB). Starting a dev chain, a provider and the chat…`);

  const remote = await startRemoteRunner({ modelPath, threads: THREADS, settings });
  const bare = await startBareRunner({ modelPath, contextSize: CONTEXT_SIZE, threads: THREADS, settings }).catch(async (error: unknown) => {
    await remote.close();
    throw error;
  });

  const bareReplies: ReplyMeasurement[] = [];
  const remoteReplies: RemoteReply[] = [];
  const opens: SessionOpenTiming[] = [];
  try {
    for (let round = 1 - WARMUP_ROUNDS; round <= roundCount; round++) {
      // Strict alternation, as in bench/run.ts: a path right after itself has warmer caches.
      const prompt = PROMPTS[(round - 1 + WARMUP_ROUNDS) % PROMPTS.length]!;
      const bareReply = await bare.reply(prompt);
      const remoteReply = await remote.reply(prompt);
      console.log(
        `${round < 1 ? 'warm-up' : `round ${round}/${roundCount}`}: bare ${bareReply.ttftMs.toFixed(0)} ms, ${bareReply.decodeTokensPerSecond.toFixed(1)} tok/s; ` +
          `chat ${remoteReply.ttftMs.toFixed(0)} ms (provider's own ${remoteReply.providerTtftMs} ms, added ${remoteReply.addedTtftMs.toFixed(1)} ms), ` +
          `${remoteReply.decodeTokensPerSecond.toFixed(1)} tok/s (${remoteReply.textChunks} chunks)`,
      );
      if (round < 1) continue;
      bareReplies.push(bareReply);
      remoteReplies.push(remoteReply);
    }
    // Opened after the replies, with nothing generating: each is a fresh session, its own approval and allowance.
    for (let open = 1; open <= openCount; open++) {
      const timing = await remote.openSession();
      console.log(`session open ${open}/${openCount}: ${timing.ms.toFixed(0)} ms (${timing.transactions} transactions)`);
      opens.push(timing);
    }
  } finally {
    await bare.close();
    await remote.close();
  }

  const medians: RemoteBenchResult['median'] = {
    bare: {
      ttftMs: medianBy(bareReplies, (r) => r.ttftMs),
      decodeTokensPerSecond: medianBy(bareReplies, (r) => r.decodeTokensPerSecond),
      tokens: medianBy(bareReplies, (r) => r.tokens),
    },
    remote: {
      ttftMs: medianBy(remoteReplies, (r) => r.ttftMs),
      decodeTokensPerSecond: medianBy(remoteReplies, (r) => r.decodeTokensPerSecond),
      tokens: medianBy(remoteReplies, (r) => r.tokens),
      providerTtftMs: medianBy(remoteReplies, (r) => r.providerTtftMs),
      addedTtftMs: medianBy(remoteReplies, (r) => r.addedTtftMs),
      textChunks: medianBy(remoteReplies, (r) => r.textChunks),
      consumerCpuMs: medianBy(remoteReplies, (r) => r.consumerCpuMs),
      providerCpuMs: medianBy(remoteReplies, (r) => r.providerCpuMs),
    },
  };
  const decodeRatio = medians.remote.decodeTokensPerSecond / medians.bare.decodeTokensPerSecond;
  const added = remoteReplies.map((r) => r.addedTtftMs);
  const addedP95 = percentile(added, 0.95);
  const opensMs = opens.map((open) => open.ms);
  const nodeLlamaCpp = (JSON.parse(await readFile(join(projectRoot, 'node_modules', 'node-llama-cpp', 'package.json'), 'utf8')) as { version: string }).version;
  const result: RemoteBenchResult = {
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
    rounds: bareReplies.map((bareReply, i) => ({ round: i + 1, bare: summary(bareReply), remote: { ...summary(remoteReplies[i]!), ...remoteDetail(remoteReplies[i]!) } })),
    median: medians,
    decode: { ratio: decodeRatio, target: DECODE_TARGET, meetsTarget: decodeRatio >= DECODE_TARGET },
    addedFirstTokenMs: {
      p50: percentile(added, 0.5),
      p95: addedP95,
      max: Math.max(...added),
      target: ADDED_FIRST_TOKEN_TARGET_MS,
      meetsTarget: addedP95 <= ADDED_FIRST_TOKEN_TARGET_MS,
      providerTtftFrom: "the provider's signed receipt (session.report) after each reply: its inference worker's time from the start of generation to the first token, in whole ms",
    },
    sessionOpen: {
      count: opens.length,
      p50Ms: percentile(opensMs, 0.5),
      p95Ms: percentile(opensMs, 0.95),
      firstOpenMs: remote.firstOpen.ms,
      transactionsPerOpen: medianBy(opens, (open) => open.transactions),
      opensMs,
    },
    checks: {
      // Identical settings at temperature 0 must give identical text: the chat got what bare node-llama-cpp wrote.
      sameText: remoteReplies.every((reply, i) => reply.text === bareReplies[i]!.text),
      fullLengthReplies: [...bareReplies, ...remoteReplies].every((reply) => reply.tokens === settings.maxTokens),
      // Each receipt's output tokens grew by its reply's: the provider TTFT subtracted is that reply's.
      receiptsMatchReplies: remoteReplies.every((reply) => reply.receiptMatchesReply),
    },
  };
  const files = await writeRemoteResults(join(benchDir, 'results'), result);
  console.log(`\n${remoteMarkdown(result)}`);
  for (const line of remoteSummaryLines(result)) console.log(line);
  console.log(`Wrote ${files.map((file) => relative(projectRoot, file)).join(', ')}`);
}

try {
  await main(parseOptions(process.argv.slice(2)));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
