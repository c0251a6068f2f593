/**
 * The "Use the GPU" switch of the Models page, on whatever this machine
 * has: turning it off replaces the inference worker with one on llama.cpp's
 * CPU build and loads the models again, without losing what the old
 * worker was doing, and the choice survives a restart. (On a machine with
 * a GPU, engine-gpu.test.ts checks that the model really leaves it.)
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MethodResult } from '../../src/api/contract.ts';
import { defaultGenerationSettings } from '../../src/chat/chat-service.ts';
import { createCore, type Core } from '../../src/core/core.ts';
import { Engine } from '../../src/engine/engine.ts';
import { replyDone } from '../helpers/core-events.ts';
import { demoModelPath } from '../helpers/models.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { unlockedForTests } from '../helpers/vault.ts';

const tempDir = useTempDirs();
const engines: Engine[] = [];
const cores: Core[] = [];
afterEach(async () => {
  await Promise.all([...engines.splice(0).map((engine) => engine.close()), ...cores.splice(0).map((core) => core.close())]);
});

const offReason = /^The GPU is turned off on the Models page, so models run on the CPU\.$/;
const lines = Array.from({ length: 24 }, (_, index) => `Line ${index}: the boat was painted blue on day ${index + 1}.`);

describe('turning the GPU off and on', () => {
  it('lets work already sent finish, makes new work wait for the new worker, and loads both models again there', async () => {
    const settings = new Map<string, unknown>();
    const memory = { get: <T,>(key: string) => settings.get(key) as T | undefined, set: (key: string, value: unknown) => void settings.set(key, value) };
    const engine = new Engine({ threads: 1, memory, onStatus: () => {} });
    engines.push(engine);
    await engine.load(demoModelPath, { isDemo: true });
    await engine.loadEmbedder(demoModelPath);
    const firstWorker = engine.workerPid;

    const sentBefore = engine.embed(lines);
    const switched = engine.useGpu(false);
    expect(engine.switchingGpu).toBe(true);
    // Asked while the worker is being replaced: a reply is refused until the model is back, embeddings wait.
    expect(() => engine.generate({ history: [], prompt: 'Hi', settings: defaultGenerationSettings }, () => {})).toThrow(
      expect.objectContaining({ code: 'MODEL_NOT_READY' }),
    );
    const sentDuring = engine.embed(lines.slice(0, 3));

    expect((await sentBefore).vectors).toHaveLength(lines.length);
    expect((await sentDuring).vectors).toHaveLength(3);
    const status = await switched;
    expect(engine.workerPid).not.toBe(firstWorker);
    expect(status).toMatchObject({ state: 'ready', gpu: null, gpuLayers: 0 });
    expect(status.fallbackReason).toMatch(offReason);
    expect(engine.embedderStatus.state).toBe('ready');
    expect(await engine.detectHardware()).toMatchObject({ gpu: false, vramTotalBytes: 0 });
    expect(settings.get('engine.useGpu')).toBe(false);

    const chunks: string[] = [];
    const { result } = engine.generate(
      { history: [], prompt: 'Once upon a time', settings: { ...defaultGenerationSettings, maxTokens: 8, temperature: 0, seed: 1 } },
      (text) => chunks.push(text),
    );
    await result;
    expect(chunks.join('').trim().length).toBeGreaterThan(0);

    const again = await engine.useGpu(true);
    expect(again).toMatchObject({ state: 'ready', fallbackReason: null });
    expect(settings.get('engine.useGpu')).toBe(true);
  });

  it('through the API: the Models page reads the setting, the chat works on, and the next start keeps it', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const start = async () => {
      const core = await createCore({ mode: 'browser', dataDir, modelPath: demoModelPath, threads: 1, ...unlockedForTests });
      cores.push(core);
      await core.modelLoad;
      return core;
    };
    const hardware = async (core: Core) => ((await core.call('models.catalog', {})) as MethodResult<'models.catalog'>).hardware;

    const core = await start();
    expect((await hardware(core)).gpuEnabled).toBe(true);
    const status = (await core.call('models.useGpu', { enabled: false })) as MethodResult<'models.useGpu'>;
    expect(status).toMatchObject({ state: 'ready', gpu: null, gpuLayers: 0 });
    expect(await hardware(core)).toMatchObject({ gpu: null, gpuEnabled: false, vramTotalBytes: 0 });
    const { assistantMessage } = (await core.call('chat.send', { conversationId: null, text: 'Hello' })) as MethodResult<'chat.send'>;
    expect((await replyDone(core, assistantMessage.id)).status).toBe('complete');

    await core.close();
    cores.splice(0);
    const reopened = await start();
    expect(await hardware(reopened)).toMatchObject({ gpu: null, gpuEnabled: false });
    expect(((await reopened.call('model.status', {})) as MethodResult<'model.status'>).fallbackReason).toMatch(offReason);
    expect(await reopened.call('models.useGpu', { enabled: true })).toMatchObject({ state: 'ready', fallbackReason: null });
    expect((await hardware(reopened)).gpuEnabled).toBe(true);
  });
});
