import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelStatus } from '../../src/api/contract.ts';
import { defaultGenerationSettings } from '../../src/chat/chat-service.ts';
import { Engine, type ThreadMemory } from '../../src/engine/engine.ts';
import { demoModelPath, hugeContextLength, writeAbortingModel, writeHugeContextModel, writeModelLargerThanMemory, writeTruncatedModel } from '../helpers/models.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const engines: Engine[] = [];

function memory(): ThreadMemory & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return { values, get: <T>(key: string) => values.get(key) as T | undefined, set: (key, value) => void values.set(key, value) };
}

function startEngine(options: { threads?: number; contextSize?: number; memory?: ThreadMemory } = {}) {
  const states: ModelStatus['state'][] = [];
  const engine = new Engine({
    memory: options.memory ?? memory(),
    onStatus: (status) => states.push(status.state),
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    ...(options.contextSize === undefined ? {} : { contextSize: options.contextSize }),
  });
  engines.push(engine);
  return { engine, states };
}

afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

async function loadError(engine: Engine, modelPath: string) {
  return engine.load(modelPath).then(
    () => null,
    (error: { code: string }) => error.code,
  );
}

describe('the inference engine', () => {
  it('calibrates threads on first load, remembers the choice, and streams a reply', async () => {
    const remembered = memory();
    const first = startEngine({ memory: remembered });
    const status = await first.engine.load(demoModelPath, { isDemo: true });
    expect(first.states).toContain('calibrating');
    // No GPU here: all layers on the CPU, which is no fallback; the context is the model's trained 2048.
    expect(status).toMatchObject({ state: 'ready', isDemo: true, contextSize: 2048, gpu: null, gpuLayers: 0, fallbackReason: null });
    expect([...remembered.values.values()]).toEqual([status.threads]);

    const second = startEngine({ memory: remembered });
    await second.engine.load(demoModelPath);
    expect(second.states).not.toContain('calibrating');

    const chunks: string[] = [];
    const { result } = second.engine.generate(
      { history: [], prompt: 'Once upon a time', settings: { ...defaultGenerationSettings, maxTokens: 40, temperature: 0, seed: 7 } },
      (text) => chunks.push(text),
    );
    const { stopped, stats } = await result;
    expect(stopped).toBe(false);
    expect(chunks.join('').trim().length).toBeGreaterThan(10);
    expect(stats.tokens).toBeGreaterThan(1);
    expect(stats.tokensPerSecond).toBeGreaterThan(0);
  });

  it('counts the prompt tokens of each reply, history and system prompt included', async () => {
    const { engine } = startEngine({ threads: 1 });
    await engine.load(demoModelPath);
    const settings = { ...defaultGenerationSettings, maxTokens: 4, temperature: 0, seed: 7 };
    const promptTokensOf = async (request: Omit<Parameters<Engine['generate']>[0], 'settings'>) =>
      (await engine.generate({ ...request, settings }, () => {}).result).promptTokens;
    const short = await promptTokensOf({ history: [], prompt: 'Once upon a time' });
    const longer = await promptTokensOf({ history: [], prompt: 'Once upon a time there was a little girl who liked to play in the park' });
    const withHistory = await promptTokensOf({
      history: [{ role: 'user', text: 'Tell me a story' }, { role: 'assistant', text: 'Lily went to the park with her mom.' }],
      prompt: 'Once upon a time',
    });
    expect(short).toBeGreaterThan(0);
    expect(longer).toBeGreaterThan(short);
    expect(withHistory).toBeGreaterThan(short);
  });

  it('fits the context in free memory, and refuses a context that cannot fit with a clear error', async () => {
    const hugeContext = await writeHugeContextModel(tempDir());
    const { engine } = startEngine({ threads: 1 });
    // The model declares 4M tokens; unasked, the context stays at 8192.
    expect(await engine.load(hugeContext)).toMatchObject({ state: 'ready', contextSize: 8192 });

    const asked = startEngine({ threads: 1, contextSize: hugeContextLength });
    const pid = asked.engine.workerPid;
    expect(await loadError(asked.engine, hugeContext)).toBe('MODEL_TOO_LARGE');
    expect(asked.engine.status.error).toMatchObject({ message: expect.stringMatching(/does not fit in this computer.s free memory/) });
    expect(asked.engine.status.error?.details).toMatch(/too large for the available RAM/);
    // Refused before allocating: the worker did not crash.
    expect(asked.engine.workerPid).toBe(pid);
  });

  it('refuses a model whose weights do not fit in memory before loading it', async () => {
    const tooLarge = writeModelLargerThanMemory(tempDir());
    const { engine } = startEngine({ threads: 1 });
    const pid = engine.workerPid;
    expect(await loadError(engine, tooLarge)).toBe('MODEL_TOO_LARGE');
    expect(engine.status.error?.details).toMatch(/the model needs about [\d.]+ GiB of memory and [\d.]+ GiB is free/);
    expect(engine.workerPid).toBe(pid);

    await engine.load(demoModelPath);
    expect(engine.status.state).toBe('ready');
  });

  it('stops a reply early when asked', async () => {
    const { engine } = startEngine({ threads: 1 });
    await engine.load(demoModelPath);
    let stopAfterFirst = () => {};
    const { requestId, result } = engine.generate(
      { history: [], prompt: 'Tell a long story', settings: { ...defaultGenerationSettings, maxTokens: 1500 } },
      () => stopAfterFirst(),
    );
    stopAfterFirst = () => {
      stopAfterFirst = () => {};
      engine.stop(requestId);
    };
    const { stopped, stats } = await result;
    expect(stopped).toBe(true);
    expect(stats.tokens).toBeLessThan(1500);
  });

  it('gives a clear error for a missing file, a file that is not GGUF and a truncated GGUF', async () => {
    const dir = tempDir();
    const notGguf = path.join(dir, 'notes.gguf');
    fs.writeFileSync(notGguf, 'just some text');
    const { engine } = startEngine({ threads: 1 });
    expect(await loadError(engine, path.join(dir, 'missing.gguf'))).toBe('MODEL_NOT_FOUND');
    expect(await loadError(engine, notGguf)).toBe('MODEL_NOT_GGUF');
    expect(await loadError(engine, writeTruncatedModel(dir))).toBe('MODEL_INVALID');
    expect(engine.status).toMatchObject({ state: 'error', error: { code: 'MODEL_INVALID' } });
  });

  it('survives a GGUF that aborts the worker: clear error, new worker, next model loads', async () => {
    const aborting = await writeAbortingModel(tempDir());
    const { engine } = startEngine({ threads: 1 });
    const firstPid = engine.workerPid;
    expect(await loadError(engine, aborting)).toBe('MODEL_CRASHED');
    expect(engine.status.error?.message).toMatch(/crashed the inference engine/);
    expect(engine.workerPid).not.toBe(firstPid);

    await engine.load(demoModelPath);
    expect(engine.status.state).toBe('ready');
  });
});
