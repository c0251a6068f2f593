import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelStatus } from '../../src/api/contract.ts';
import { defaultGenerationSettings } from '../../src/chat/chat-service.ts';
import { Engine, type ThreadMemory } from '../../src/engine/engine.ts';
import { demoModelPath, writeAbortingModel, writeTruncatedModel } from '../helpers/models.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const engines: Engine[] = [];

function memory(): ThreadMemory & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return { values, get: <T>(key: string) => values.get(key) as T | undefined, set: (key, value) => void values.set(key, value) };
}

function startEngine(options: { threads?: number; memory?: ThreadMemory } = {}) {
  const states: ModelStatus['state'][] = [];
  const engine = new Engine({
    memory: options.memory ?? memory(),
    onStatus: (status) => states.push(status.state),
    ...(options.threads === undefined ? {} : { threads: options.threads }),
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
    expect(status).toMatchObject({ state: 'ready', isDemo: true, contextSize: 2048 });
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
