/**
 * What the draft check costs a question: the local model drafts the first
 * 16 tokens of a reply, only to read how sure it is of them, before the
 * reply itself is written. Measured on the benchmark model (134M, q8_0, one
 * thread) in the real inference worker, beside the time the same model
 * takes to its first token of a reply to the same question, so the cost
 * reads as a share of what the person waits for anyway.
 */
import { defaultGenerationSettings } from '../../src/chat/chat-service.ts';
import { Engine } from '../../src/engine/engine.ts';
import { PROMPTS } from './prompts.ts';
import { median } from './stats.ts';

export interface DraftBenchResult {
  rounds: number;
  draftTokens: number;
  /** Median milliseconds for a draft, from asking to its probabilities. */
  draftMs: number;
  /** Median milliseconds to the first token of a reply to the same questions. */
  replyTtftMs: number;
  /** draftMs / replyTtftMs. */
  ratio: number;
}

const draftTokens = 16;

export async function measureDraft(modelPath: string, rounds = 6): Promise<DraftBenchResult> {
  const engine = new Engine({ threads: 1, memory: { get: () => undefined, set: () => undefined }, onStatus: () => undefined });
  try {
    await engine.load(modelPath, { isDemo: false });
    const settings = { ...defaultGenerationSettings, temperature: 0, seed: 1, maxTokens: 1 };
    const drafts: number[] = [];
    const firstTokens: number[] = [];
    // One warm-up round, then alternating, as the main benchmark does.
    for (let round = 0; round <= rounds; round++) {
      const prompt = PROMPTS[round % PROMPTS.length]!;
      const started = performance.now();
      await engine.draft({ systemPrompt: settings.systemPrompt, history: [], prompt, tokens: draftTokens });
      const drafted = performance.now() - started;
      const replyStarted = performance.now();
      let firstAt: number | undefined;
      await engine.generate({ history: [], prompt, settings }, () => (firstAt ??= performance.now())).result;
      if (round === 0) continue;
      drafts.push(drafted);
      firstTokens.push((firstAt ?? performance.now()) - replyStarted);
    }
    const draftMs = median(drafts);
    const replyTtftMs = median(firstTokens);
    return { rounds, draftTokens, draftMs, replyTtftMs, ratio: draftMs / replyTtftMs };
  } finally {
    await engine.close();
  }
}
