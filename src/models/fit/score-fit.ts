/**
 * Which catalogue models suit this machine, and why: each entry is placed
 * on the GPU, partly on the GPU, on the CPU, or judged too big, from the
 * catalogue's memory needs and the free VRAM and RAM llama.cpp reports,
 * with a speed class from how many bytes each token has to read and how
 * fast this machine reads them.
 */
import type { CatalogEntry } from '../catalog/catalog-schema.ts';

export interface MachineCapacity {
  gpu: string | false;
  vramFreeBytes: number;
  ramFreeBytes: number;
  /** Cores the CPU offers: a few cores cannot use all of the memory's bandwidth. */
  cpuCores: number;
}

export type FitLevel = 'gpu' | 'partial-gpu' | 'cpu' | 'too-big';
export type SpeedClass = 'fast' | 'usable' | 'slow';

export interface ModelFit {
  level: FitLevel;
  /** Null when the model does not fit at all. */
  speed: SpeedClass | null;
  reason: string;
}

const GiB = 2 ** 30;
/**
 * Decoding reads every weight once per token, so tokens per second is
 * about memory bandwidth ÷ model size. Conservative effective bandwidths: dual-channel
 * DDR4 and a modest GPU; the speed classes are coarse on purpose.
 */
const cpuBytesPerSecond = 30e9;
/**
 * What one core reads of the weights per second while decoding: a machine
 * with few cores is limited by them before the memory (one thread on the
 * project's 2-core test machine decodes a 143 MB model at 113 tokens/s,
 * 16 GB/s; 8 GB/s per core keeps a margin).
 */
const cpuBytesPerSecondPerCore = 8e9;
const gpuBytesPerSecond = 200e9;
/** Partly on the GPU runs at about the CPU's speed for the layers left in RAM. */
const partialGpuBytesPerSecond = 45e9;
/** Below this share of its VRAM need, offloading a few layers is not worth it. */
const minPartialShare = 0.25;
/** Memory left for the rest of the computer before a model is recommended (a fit with none to spare is offered, not suggested). */
const recommendHeadroomBytes = 2 ** 30;

/** Usable: at least about reading speed (5 tokens a second). */
function speedClass(tokensPerSecond: number): SpeedClass {
  return tokensPerSecond >= 15 ? 'fast' : tokensPerSecond >= 5 ? 'usable' : 'slow';
}

const gib = (bytes: number) => `${(bytes / GiB).toFixed(1)} GiB`;

type FitInput = Pick<CatalogEntry, 'minRamGiB' | 'minVramGiB' | 'sizeBytes'>;

/** Bytes of weights the CPU reads per second while decoding on this machine. */
function cpuReadRate(machine: MachineCapacity): number {
  return Math.min(cpuBytesPerSecond, Math.max(1, machine.cpuCores) * cpuBytesPerSecondPerCore);
}

export function scoreFit(entry: FitInput, machine: MachineCapacity): ModelFit {
  const needVram = entry.minVramGiB * GiB;
  const needRam = entry.minRamGiB * GiB;
  // Without a published size, the memory need (weights plus a 4k context) stands in for the weights read per token.
  const weights = entry.sizeBytes ?? needRam;
  if (machine.gpu && machine.vramFreeBytes >= needVram) {
    return { level: 'gpu', speed: speedClass(gpuBytesPerSecond / weights), reason: `fits in the GPU's ${gib(machine.vramFreeBytes)} free` };
  }
  if (machine.gpu && machine.vramFreeBytes >= needVram * minPartialShare && machine.vramFreeBytes + machine.ramFreeBytes >= needRam) {
    return {
      level: 'partial-gpu', speed: speedClass(partialGpuBytesPerSecond / weights),
      reason: `needs ${gib(needVram)} of GPU memory, ${gib(machine.vramFreeBytes)} free: part runs on the CPU`,
    };
  }
  if (machine.ramFreeBytes >= needRam) {
    return { level: 'cpu', speed: speedClass(cpuReadRate(machine) / weights), reason: `runs on the CPU in ${gib(needRam)} of the ${gib(machine.ramFreeBytes)} free` };
  }
  return { level: 'too-big', speed: null, reason: `needs ${gib(needRam)} of memory, ${gib(machine.ramFreeBytes)} free` };
}

/** True when running it leaves memory to spare where it runs. */
function leavesRoom(entry: FitInput, fit: ModelFit, machine: MachineCapacity): boolean {
  if (fit.level === 'gpu') return machine.vramFreeBytes >= entry.minVramGiB * GiB + recommendHeadroomBytes;
  return machine.ramFreeBytes >= entry.minRamGiB * GiB + recommendHeadroomBytes;
}

/**
 * The chat model to suggest: of the newest family that runs with memory to
 * spare and is not slow, the largest; failing that, the smallest that fits
 * at all. A newer small model answers about as well as an older one twice
 * its size, so the release year comes before the size; an entry without one
 * counts as oldest. Partly on the GPU counts when the whole model would also
 * fit in RAM (a small GPU then only speeds it up). Among equals, one with a
 * published sha256 wins.
 */
export function recommendModel<E extends FitInput & Pick<CatalogEntry, 'kind' | 'parametersBillions' | 'sha256' | 'released'>>(
  entries: readonly E[],
  machine: MachineCapacity,
): { entry: E; fit: ModelFit } | null {
  const scored = entries.filter((entry) => entry.kind === 'chat').map((entry) => ({ entry, fit: scoreFit(entry, machine) }));
  const verifiedFirst = (a: { entry: E }, b: { entry: E }) => Number(b.entry.sha256 !== undefined) - Number(a.entry.sha256 !== undefined);
  const newestFirst = (a: { entry: E }, b: { entry: E }) => (b.entry.released ?? 0) - (a.entry.released ?? 0);
  const largestFirst = (a: { entry: E }, b: { entry: E }) => b.entry.parametersBillions - a.entry.parametersBillions || verifiedFirst(a, b);
  const smallestFirst = (a: { entry: E }, b: { entry: E }) => a.entry.parametersBillions - b.entry.parametersBillions || verifiedFirst(a, b);
  const comfortable = scored
    .filter(({ entry, fit }) => fit.level !== 'too-big' && fit.speed !== 'slow' && leavesRoom(entry, fit, machine))
    .sort((a, b) => newestFirst(a, b) || largestFirst(a, b));
  if (comfortable[0]) return comfortable[0];
  return scored.filter(({ fit }) => fit.level !== 'too-big').sort(smallestFirst)[0] ?? null;
}
