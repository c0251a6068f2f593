/**
 * The worker's load decisions: context sizes that fit, and the GPU-to-CPU
 * retry. The out-of-memory error is the one node-llama-cpp really throws
 * for a context this machine cannot hold.
 */
import { getLlama, GgufInsights, InsufficientMemoryError, LlamaLogLevel, readGgufFileInfo } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import {
  checkFitsInRam, contextSizeOption, fallbackReasonOf, firstAttempt, gpuCrashReason, isOutOfMemory, nextAttempt, withSequencesThatFit,
} from '../../src/engine/load-plan.ts';
import { hugeContextLength, writeHugeContextModel } from '../helpers/models.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();

async function realOutOfMemoryError(): Promise<unknown> {
  const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
  const modelPath = await writeHugeContextModel(tempDir());
  const insights = await GgufInsights.from(await readGgufFileInfo(modelPath), llama);
  return insights.configurationResolver
    .resolveContextContextSize(hugeContextLength, { modelGpuLayers: 0, modelTrainContextSize: hugeContextLength })
    .then(() => null, (error: unknown) => error);
}

describe('choosing how to load a model', () => {
  it('lets node-llama-cpp fit the context up to 8192, or takes the size asked for, never past the trained one', () => {
    expect(contextSizeOption(2048)).toEqual({ min: 512, max: 2048 });
    expect(contextSizeOption(131_072)).toEqual({ min: 512, max: 8192 });
    expect(contextSizeOption(256)).toEqual({ min: 256, max: 256 });
    expect(contextSizeOption(131_072, 32_768)).toBe(32_768);
    expect(contextSizeOption(2048, 32_768)).toBe(2048);
  });

  it('offloads layers automatically when a GPU was found, and none without one', () => {
    expect(firstAttempt('cuda')).toEqual({ gpuLayers: 'auto', fallbackReason: null });
    expect(firstAttempt(false)).toEqual({ gpuLayers: 0, fallbackReason: null });
  });

  it('after the GPU crashed the worker, starts on the CPU with the reason, and a CPU attempt has nowhere left to go', () => {
    const reason = gpuCrashReason('vulkan', 'the inference worker exited (SIGABRT)');
    expect(reason).toBe('The GPU (vulkan) stopped while loading this model, so it runs on the CPU. Details: the inference worker exited (SIGABRT)');
    const attempt = firstAttempt('vulkan', reason);
    expect(attempt).toEqual({ gpuLayers: 0, fallbackReason: reason });
    expect(nextAttempt(attempt, new Error('bad file'))).toBeNull();
  });

  it('retries a GPU load that ran out of memory on the CPU, and says so', async () => {
    const error = await realOutOfMemoryError();
    expect(error).toBeInstanceOf(InsufficientMemoryError);
    expect(nextAttempt(firstAttempt('vulkan'), error)).toEqual({
      gpuLayers: 0,
      fallbackReason: 'The GPU did not have enough free memory for this model, so it runs on the CPU.',
    });
    const vramError = new InsufficientMemoryError('Not enough VRAM to fit the model with the specified settings');
    expect(nextAttempt(firstAttempt('cuda'), vramError)?.fallbackReason).toMatch(/not have enough free memory/);
  });

  it('retries any other GPU failure on the CPU with its reason, and gives up after the CPU', () => {
    const failed = nextAttempt(firstAttempt('metal'), new Error('Failed to load model'));
    expect(failed).toEqual({ gpuLayers: 0, fallbackReason: 'The GPU could not load this model (Failed to load model), so it runs on the CPU.' });
    expect(nextAttempt(failed!, new Error('Failed to create context'))).toBeNull();
    expect(nextAttempt(firstAttempt(false), new Error('Failed to load model'))).toBeNull();
  });

  it('refuses weights larger than the free memory as out of memory, and accepts weights that fit', () => {
    expect(() => checkFitsInRam(2 ** 30, 2 * 2 ** 30)).not.toThrow();
    const refused = (() => {
      try {
        checkFitsInRam(40 * 2 ** 30, 16 * 2 ** 30);
        return null;
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(InsufficientMemoryError);
    expect((refused as Error).message).toBe('the model needs about 40.0 GiB of memory and 16.0 GiB is free');
    expect(isOutOfMemory(refused)).toBe(true);
    expect(isOutOfMemory(new Error('Failed to load model'))).toBe(false);
  });

  it('creates fewer parallel sequences when the KV caches of all do not fit, but not for other failures', async () => {
    const tried: number[] = [];
    /** A context of 2048 tokens per sequence fits twice in this pretend memory, as node-llama-cpp would refuse a third. */
    const create = async (sequences: number) => {
      tried.push(sequences);
      if (sequences > 2) throw new InsufficientMemoryError(`A context size of 2048 with ${sequences} sequences is too large for the available RAM`);
      return sequences;
    };
    expect(await withSequencesThatFit(4, create)).toBe(2);
    expect(tried).toEqual([4, 3, 2]);
    expect(await withSequencesThatFit(1, create)).toBe(1);

    const noMemory = async () => {
      throw new InsufficientMemoryError('A context size of 512 is too large for the available RAM');
    };
    await expect(withSequencesThatFit(3, noMemory)).rejects.toThrow(/too large for the available RAM/);
    const brokenTries: number[] = [];
    const broken = async (sequences: number) => {
      brokenTries.push(sequences);
      throw new Error('Failed to create context');
    };
    await expect(withSequencesThatFit(3, broken)).rejects.toThrow('Failed to create context');
    expect(brokenTries).toEqual([3]);
  });

  it('tells why a model runs on the CPU only when a GPU was there', () => {
    expect(fallbackReasonOf('cuda', 33, firstAttempt('cuda'))).toBeNull();
    expect(fallbackReasonOf('cuda', 0, firstAttempt('cuda'))).toMatch(/not have enough free memory/);
    expect(fallbackReasonOf(false, 0, firstAttempt(false))).toBeNull();
    const retried = nextAttempt(firstAttempt('vulkan'), new Error('Failed to load model'))!;
    expect(fallbackReasonOf('vulkan', 0, retried)).toBe(retried.fallbackReason);
  });
});
