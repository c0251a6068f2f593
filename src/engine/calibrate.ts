import os from 'node:os';
import type { LlamaModel } from 'node-llama-cpp';
import type { CalibrationTrial } from './protocol.ts';

const trialTokens = 24;
const probeText = 'Once upon a time, in a small village by the sea, there lived';

/** 1, 2, 4, … up to the core count (and the core count itself): few trials even on large machines. */
export function threadCandidates(cores = os.availableParallelism()): number[] {
  const candidates: number[] = [];
  for (let threads = 1; threads < cores; threads *= 2) candidates.push(threads);
  candidates.push(Math.max(1, cores));
  return candidates;
}

async function timeTrial(model: LlamaModel, contextSize: number, threads: number, budgetMs: number): Promise<number> {
  const context = await model.createContext({ contextSize: Math.min(contextSize, 512), threads });
  try {
    const sequence = context.getSequence();
    const prompt = model.tokenize(probeText);
    let generated = 0;
    let firstAt = 0;
    const start = performance.now();
    for await (const token of sequence.evaluate(prompt, { temperature: 0 })) {
      void token;
      const now = performance.now();
      if (generated === 0) firstAt = now;
      generated++;
      // A bad thread count can be 100x slower: give up once it is clearly losing.
      if (generated >= trialTokens || now - start > budgetMs) break;
    }
    const seconds = (performance.now() - firstAt) / 1000;
    return generated > 1 && seconds > 0 ? (generated - 1) / seconds : 0;
  } finally {
    await context.dispose();
  }
}

/**
 * Generates a few tokens with each candidate thread count and returns
 * the trials, fastest first. More threads are not always faster: on a
 * shared 2-core machine, 2 threads ran 20x slower than 1.
 */
export async function calibrateThreads(model: LlamaModel, contextSize: number): Promise<CalibrationTrial[]> {
  const trials: CalibrationTrial[] = [];
  let bestMs = Number.POSITIVE_INFINITY;
  for (const threads of threadCandidates()) {
    const budgetMs = Number.isFinite(bestMs) ? Math.max(300, bestMs * 3) : 30_000;
    const started = performance.now();
    const tokensPerSecond = await timeTrial(model, contextSize, threads, budgetMs);
    bestMs = Math.min(bestMs, performance.now() - started);
    trials.push({ threads, tokensPerSecond });
  }
  return trials.sort((a, b) => b.tokensPerSecond - a.tokensPerSecond);
}
