import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/models/catalog/load-catalog.ts';
import { recommendModel, scoreFit, type MachineCapacity } from '../../src/models/fit/score-fit.ts';

const GiB = 2 ** 30;
const cpuLaptop: MachineCapacity = { gpu: false, vramFreeBytes: 0, ramFreeBytes: 6 * GiB, cpuCores: 8 };
const gamingPc: MachineCapacity = { gpu: 'cuda', vramFreeBytes: 11 * GiB, ramFreeBytes: 24 * GiB, cpuCores: 16 };
const smallGpu: MachineCapacity = { gpu: 'cuda', vramFreeBytes: 1 * GiB, ramFreeBytes: 14 * GiB, cpuCores: 8 };
const tinyBox: MachineCapacity = { gpu: false, vramFreeBytes: 0, ramFreeBytes: 0.25 * GiB, cpuCores: 2 };
/** Like the project's CI machines: plenty of memory, two cores. */
const twoCoreVm: MachineCapacity = { gpu: false, vramFreeBytes: 0, ramFreeBytes: 22 * GiB, cpuCores: 2 };

describe('which models suit this machine', () => {
  it('places a model on the GPU, partly on the GPU, on the CPU, or says it is too big, with the reason', () => {
    const sevenB = { minRamGiB: 6, minVramGiB: 5.5, sizeBytes: undefined };
    expect(scoreFit(sevenB, gamingPc)).toMatchObject({ level: 'gpu', speed: 'fast', reason: expect.stringMatching(/GPU's 11.0 GiB free/) });
    expect(scoreFit(sevenB, { ...smallGpu, vramFreeBytes: 2 * GiB })).toMatchObject({ level: 'partial-gpu', reason: expect.stringMatching(/part runs on the CPU/) });
    // A 1 GB GPU is not offered a 7B model's layers: Jan #7881 picked CUDA there.
    expect(scoreFit(sevenB, smallGpu)).toMatchObject({ level: 'cpu' });
    expect(scoreFit(sevenB, cpuLaptop)).toMatchObject({ level: 'cpu', speed: 'slow' });
    expect(scoreFit({ minRamGiB: 3.5, minVramGiB: 3, sizeBytes: undefined }, cpuLaptop)).toMatchObject({ level: 'cpu', speed: 'usable' });
    expect(scoreFit(sevenB, tinyBox)).toEqual({ level: 'too-big', speed: null, reason: 'needs 6.0 GiB of memory, 0.3 GiB free' });
  });

  it('rates the CPU by its cores: a 7B model usable on an 8-core desktop is slow on two cores', () => {
    const sevenB = { minRamGiB: 6, minVramGiB: 5.5, sizeBytes: 4_683_074_240 };
    expect(scoreFit(sevenB, { ...twoCoreVm, cpuCores: 8 })).toMatchObject({ level: 'cpu', speed: 'usable' });
    expect(scoreFit(sevenB, twoCoreVm)).toMatchObject({ level: 'cpu', speed: 'slow' });
  });

  it('recommends the largest comfortable chat model of a current family from the catalogue, and nothing when none fits', async () => {
    const { models } = await loadCatalog();
    // Gemma 3 12B, not the older and larger Qwen2.5 14B that also fits.
    expect(recommendModel(models, gamingPc)?.entry.id).toBe('gemma-3-12b-it-q4_k_m');
    expect(recommendModel(models, { ...gamingPc, vramFreeBytes: 23 * GiB })?.entry.id).toBe('gpt-oss-20b-mxfp4');
    const laptop = recommendModel(models, cpuLaptop)!;
    expect(laptop.fit.level).toBe('cpu');
    expect(laptop.fit.speed).not.toBe('slow');
    // A 7B model would fill its 6 GiB to the last byte: offered, not suggested.
    expect(laptop.entry.parametersBillions).toBeLessThan(5);
    const vm = recommendModel(models, twoCoreVm)!;
    expect(vm.fit).toMatchObject({ level: 'cpu', speed: 'usable' });
    expect(vm.entry.parametersBillions).toBeLessThan(5);
    for (const pick of [laptop, vm, recommendModel(models, smallGpu)!]) expect(pick.entry.released, pick.entry.id).toBeGreaterThanOrEqual(2025);
    expect(recommendModel(models, tinyBox)).toBeNull();
  });

  it('prefers a current family to an older, larger model that fits as well, and the larger within a family', () => {
    const entry = (id: string, parametersBillions: number, released: number | undefined, minRamGiB: number) =>
      ({ id, kind: 'chat' as const, parametersBillions, released, minRamGiB, minVramGiB: minRamGiB - 0.5, sizeBytes: parametersBillions * 0.62e9, sha256: undefined });
    const catalogue = [entry('older-7b', 7.6, 2024, 6), entry('current-1b', 1, 2025, 2), entry('current-4b', 4, 2025, 3.5), entry('undated-3b', 3, undefined, 3)];
    expect(recommendModel(catalogue, gamingPc)?.entry.id).toBe('current-4b');
    expect(recommendModel(catalogue, twoCoreVm)?.entry.id).toBe('current-4b');
    // Without a current model, the older families are still suggested; an undated one counts as oldest.
    expect(recommendModel(catalogue.filter((m) => m.released !== 2025), gamingPc)?.entry.id).toBe('older-7b');
    expect(recommendModel(catalogue.filter((m) => m.id !== 'older-7b' && m.id !== 'current-4b'), gamingPc)?.entry.id).toBe('current-1b');
  });

  it('suggests a model that spills from a small GPU when it would also fit in RAM', () => {
    const fourB = { id: 'four-b', kind: 'chat' as const, parametersBillions: 4, released: 2025, minRamGiB: 3.5, minVramGiB: 3, sizeBytes: 2_497_281_312, sha256: undefined };
    expect(recommendModel([fourB], smallGpu)).toMatchObject({ entry: { id: 'four-b' }, fit: { level: 'partial-gpu', speed: 'fast' } });
  });
});
