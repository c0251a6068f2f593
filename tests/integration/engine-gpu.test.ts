/**
 * The GPU path for real, on a machine without a GPU card: Mesa's llvmpipe
 * is a Vulkan device that computes on the CPU. llama.cpp skips such a
 * device unless GGML_VK_VISIBLE_DEVICES names it, so the same machine is
 * - a computer with the Vulkan loader but no GPU (the default): Hearth must
 *   say "CPU", not "a GPU with 0 GiB";
 * - a computer with a 2 GiB GPU (the device made visible): the model is
 *   offloaded and chats;
 * - a GPU whose backend aborts the worker while loading (ggml-vulkan told
 *   to allow only tiny buffers): the model is loaded again on the CPU and
 *   the user is told why;
 * - a GPU the user turns off: the worker runs llama.cpp's CPU build, which
 *   does not see the GPU at all, until it is turned on again.
 * `.ci/run` installs the loader and llvmpipe (libvulkan1, mesa-vulkan-drivers);
 * where they are missing, or a real GPU is present, these tests are skipped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelStatus } from '../../src/api/contract.ts';
import { defaultGenerationSettings } from '../../src/chat/chat-service.ts';
import { Engine } from '../../src/engine/engine.ts';
import { demoModelPath } from '../helpers/models.ts';
import { onlySoftwareVulkan } from '../helpers/software-vulkan.ts';

const softwareVulkan = await onlySoftwareVulkan();
const engines: Engine[] = [];
const gpuEnv = ['GGML_VK_VISIBLE_DEVICES', 'GGML_VK_FORCE_MAX_BUFFER_SIZE'] as const;

/** An engine whose worker starts with `env` added (the worker inherits this process's environment). */
function startEngine(env: Partial<Record<(typeof gpuEnv)[number], string>> = {}): { engine: Engine; statuses: ModelStatus[] } {
  for (const name of gpuEnv) delete process.env[name];
  Object.assign(process.env, env);
  const statuses: ModelStatus[] = [];
  const engine = new Engine({ threads: 1, memory: { get: () => undefined, set: () => {} }, onStatus: (status) => statuses.push(status) });
  engines.push(engine);
  return { engine, statuses };
}

afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
  for (const name of gpuEnv) delete process.env[name];
});

async function reply(engine: Engine): Promise<string> {
  const chunks: string[] = [];
  const { result } = engine.generate(
    { history: [], prompt: 'Once upon a time', settings: { ...defaultGenerationSettings, maxTokens: 12, temperature: 0, seed: 1 } },
    (text) => chunks.push(text),
  );
  await result;
  return chunks.join('');
}

describe.skipIf(!softwareVulkan)('the GPU path, on a software Vulkan device (llvmpipe)', () => {
  it('a Vulkan loader with no usable device is no GPU: the CPU runs the model and nothing says otherwise', async () => {
    const { engine } = startEngine();
    expect(await engine.detectHardware()).toMatchObject({ gpu: false, vramTotalBytes: 0 });
    const status = await engine.load(demoModelPath, { isDemo: true });
    expect(status).toMatchObject({ state: 'ready', gpu: null, gpuLayers: 0, fallbackReason: null });
  });

  it('on a GPU the model is offloaded whole and chats', async () => {
    const { engine } = startEngine({ GGML_VK_VISIBLE_DEVICES: '0' });
    const hardware = await engine.detectHardware();
    expect(hardware.gpu).toBe('vulkan');
    expect(hardware.vramTotalBytes).toBeGreaterThan(0);
    const status = await engine.load(demoModelPath, { isDemo: true });
    // stories260K has 5 blocks and an output layer: all of them on the GPU.
    expect(status).toMatchObject({ state: 'ready', gpu: 'vulkan', gpuLayers: 6, fallbackReason: null });
    expect((await reply(engine)).trim().length).toBeGreaterThan(0);
  });

  it('a GPU backend that aborts the worker while loading: loaded again on the CPU, with the reason, and it chats', async () => {
    const { engine, statuses } = startEngine({ GGML_VK_VISIBLE_DEVICES: '0', GGML_VK_FORCE_MAX_BUFFER_SIZE: '4096' });
    const firstWorker = (await engine.detectHardware(), engine.workerPid);
    const status = await engine.load(demoModelPath, { isDemo: true });
    expect(engine.workerPid).not.toBe(firstWorker);
    expect(status).toMatchObject({ state: 'ready', gpu: null, gpuLayers: 0 });
    expect(status.fallbackReason).toMatch(/^The GPU \(vulkan\) stopped while loading this model, so it runs on the CPU\./);
    expect(statuses.some((seen) => seen.state === 'error')).toBe(false);
    expect((await reply(engine)).trim().length).toBeGreaterThan(0);
  });

  it('turned off, the GPU is left alone: the CPU build runs the model; turned on, the model is offloaded again', async () => {
    const { engine } = startEngine({ GGML_VK_VISIBLE_DEVICES: '0' });
    expect(await engine.load(demoModelPath, { isDemo: true })).toMatchObject({ gpu: 'vulkan', gpuLayers: 6 });

    const off = await engine.useGpu(false);
    expect(off).toMatchObject({ state: 'ready', gpu: null, gpuLayers: 0 });
    expect(off.fallbackReason).toMatch(/turned off/);
    expect(await engine.detectHardware()).toMatchObject({ gpu: false, vramTotalBytes: 0 });
    expect((await reply(engine)).trim().length).toBeGreaterThan(0);

    expect(await engine.useGpu(true)).toMatchObject({ state: 'ready', gpu: 'vulkan', gpuLayers: 6, fallbackReason: null });
    expect((await engine.detectHardware()).gpu).toBe('vulkan');
  });
});
