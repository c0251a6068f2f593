/**
 * Replies written at once on the chat model's sequences (parallelReplies):
 * a long reply no longer holds the model while another waits, each reply
 * is the text it would be alone, a stop ends only its own reply, and with
 * more replies than sequences the rest wait for a free one. Text arrives
 * in the order the worker wrote it: the tests compare that order, never times.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defaultGenerationSettings } from '../../src/chat/chat-service.ts';
import { Engine } from '../../src/engine/engine.ts';
import type { GenerationResult } from '../../src/engine/supervisor.ts';
import { demoModelPath } from '../helpers/models.ts';

const engines: Engine[] = [];

afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

async function loadedEngine(parallelReplies?: number): Promise<Engine> {
  const values = new Map<string, unknown>();
  const engine = new Engine({
    threads: 1,
    ...(parallelReplies === undefined ? {} : { parallelReplies }),
    memory: { get: <T,>(key: string) => values.get(key) as T | undefined, set: (key, value) => void values.set(key, value) },
    onStatus: () => {},
  });
  engines.push(engine);
  await engine.load(demoModelPath);
  return engine;
}

/** stories260K runs every one of these prompts to the token limit at temperature 0. */
const long = { prompt: 'Once upon a time', maxTokens: 400 };
const otherLong = { prompt: 'Lily went to the park', maxTokens: 400 };
const short = { prompt: 'Tom had a big red ball', maxTokens: 24 };

interface Reply {
  requestId: string;
  text: () => string;
  result: Promise<GenerationResult>;
  /** Resolves when its first text arrives. */
  firstText: Promise<void>;
}

/** Starts a reply at temperature 0, logging its name in `texts` for each text that arrives. */
function startReply(engine: Engine, name: string, ask: { prompt: string; maxTokens: number }, texts: string[] = []): Reply {
  const chunks: string[] = [];
  let firstArrived = () => {};
  const firstText = new Promise<void>((resolve) => (firstArrived = resolve));
  const { requestId, result } = engine.generate(
    { history: [], prompt: ask.prompt, settings: { ...defaultGenerationSettings, maxTokens: ask.maxTokens, temperature: 0, seed: 11 } },
    (text) => {
      texts.push(name);
      chunks.push(text);
      firstArrived();
    },
  );
  return { requestId, text: () => chunks.join(''), result, firstText };
}

/** What each prompt gives when it is the only reply being written. */
async function aloneTexts(engine: Engine, ...asks: { prompt: string; maxTokens: number }[]): Promise<string[]> {
  const texts: string[] = [];
  for (const ask of asks) {
    const reply = startReply(engine, 'alone', ask);
    await reply.result;
    texts.push(reply.text());
  }
  return texts;
}

describe('replies written at once on the sequences of the chat model', () => {
  it('starts a second reply while a long one streams, and each is the text it would be alone', async () => {
    const engine = await loadedEngine(2);
    // Each sequence has the whole context the model was trained for.
    expect(engine.parallelReplies).toBe(2);
    expect(engine.status.contextSize).toBe(2048);
    const [longAlone, shortAlone] = await aloneTexts(engine, long, short);

    const texts: string[] = [];
    const first = startReply(engine, 'long', long, texts);
    await first.firstText;
    const second = startReply(engine, 'short', short, texts);
    const [firstResult, secondResult] = await Promise.all([first.result, second.result]);

    // The short reply was written to its end while the long one, started first, was still being written.
    expect(texts.lastIndexOf('long')).toBeGreaterThan(texts.lastIndexOf('short'));
    expect(firstResult).toMatchObject({ stopped: false, stats: { tokens: long.maxTokens } });
    expect(secondResult).toMatchObject({ stopped: false, stats: { tokens: short.maxTokens } });
    expect(first.text()).toBe(longAlone);
    expect(second.text()).toBe(shortAlone);
  });

  it('stops one of two replies being written and lets the other run to its end', async () => {
    const engine = await loadedEngine(2);
    const [otherAlone] = await aloneTexts(engine, otherLong);

    const texts: string[] = [];
    const stopped = startReply(engine, 'stopped', long, texts);
    await stopped.firstText;
    const kept = startReply(engine, 'kept', otherLong, texts);
    await kept.firstText;
    expect(engine.stop(stopped.requestId)).toBe(true);

    const stoppedResult = await stopped.result;
    expect(stoppedResult.stopped).toBe(true);
    expect(stoppedResult.stats.tokens).toBeLessThan(long.maxTokens);
    const keptResult = await kept.result;
    expect(keptResult).toMatchObject({ stopped: false, stats: { tokens: otherLong.maxTokens } });
    expect(kept.text()).toBe(otherAlone);
    expect(texts.lastIndexOf('kept')).toBeGreaterThan(texts.lastIndexOf('stopped'));
  });

  it('has a third reply wait for a free sequence, then write it', async () => {
    const engine = await loadedEngine(2);
    const [shortAlone] = await aloneTexts(engine, short);

    const texts: string[] = [];
    const replies = [startReply(engine, 'first', long, texts), startReply(engine, 'second', otherLong, texts)];
    await Promise.all(replies.map((reply) => reply.firstText));
    const third = startReply(engine, 'third', short, texts);
    const results = await Promise.all([...replies, third].map((reply) => reply.result));

    // Its first text came only after one of the two had written its last.
    const firstFreed = Math.min(texts.lastIndexOf('first'), texts.lastIndexOf('second'));
    expect(texts.indexOf('third')).toBeGreaterThan(firstFreed);
    expect(results.map((result) => result.stopped)).toEqual([false, false, false]);
    expect(third.text()).toBe(shortAlone);
  });

  it('writes a JSON reply and a draft on the free sequence while a long reply streams', async () => {
    const engine = await loadedEngine(2);
    const [longAlone] = await aloneTexts(engine, long);
    const schema = { type: 'object', properties: { facts: { type: 'array', items: { type: 'string' } } }, required: ['facts'] } as const;

    const texts: string[] = [];
    const streaming = startReply(engine, 'long', long, texts);
    await streaming.firstText;
    const json = await engine.generateJson({ prompt: 'Lily likes red balls. List facts about Lily.', schema, maxTokens: 300 }).result;
    texts.push('json');
    const confidences = await engine.draft({ systemPrompt: 'You are a helpful assistant.', history: [], prompt: 'Once upon a time', tokens: 8 });
    texts.push('draft');
    await streaming.result;

    expect(json.value).toEqual({ facts: expect.any(Array) });
    expect(confidences).toHaveLength(8);
    expect(texts.lastIndexOf('long')).toBeGreaterThan(texts.indexOf('draft'));
    expect(streaming.text()).toBe(longAlone);
  });

  it('writes one reply after another by default', async () => {
    const engine = await loadedEngine();
    expect(engine.parallelReplies).toBe(1);

    const texts: string[] = [];
    const first = startReply(engine, 'long', long, texts);
    await first.firstText;
    const second = startReply(engine, 'short', short, texts);
    await Promise.all([first.result, second.result]);

    expect(texts.lastIndexOf('long')).toBeLessThan(texts.indexOf('short'));
  });
});
