/**
 * The memory a Hugging Face GGUF file needs, estimated before it is
 * downloaded, so the catalogue's fit rating (score-fit.ts) can judge it:
 * the weights as loaded, a 4k-token context and llama.cpp's own buffers.
 * The figures follow the catalogue's hand-made estimates (Qwen 2.5 0.5B to
 * 14B at Q4_K_M within about 15%); when the parameter count is unknown,
 * the context is taken to grow with the file's size.
 */
import type { MachineCapacity, ModelFit } from '../fit/score-fit.ts';
import { scoreFit } from '../fit/score-fit.ts';

const GiB = 2 ** 30;
/** Compute buffers grow with the weights loaded. */
const loadedPerFileByte = 1.15;
/** A 4k context's KV cache for each billion parameters (models with grouped-query attention need less). */
const contextGiBPerBillion = 0.1;
/** The same, per GiB of file, when the parameter count is unknown. */
const contextGiBPerFileGiB = 0.15;
const runtimeRamGiB = 0.5;
const runtimeVramGiB = 0.25;

export interface HubFileFacts {
  sizeBytes: number;
  parametersBillions: number | null;
}

export function estimateNeeds(file: HubFileFacts): { minRamGiB: number; minVramGiB: number; sizeBytes: number } {
  const fileGiB = file.sizeBytes / GiB;
  const contextGiB = file.parametersBillions === null ? fileGiB * contextGiBPerFileGiB : file.parametersBillions * contextGiBPerBillion;
  const loaded = fileGiB * loadedPerFileByte + contextGiB;
  return { minRamGiB: loaded + runtimeRamGiB, minVramGiB: loaded + runtimeVramGiB, sizeBytes: file.sizeBytes };
}

export function scoreHubFile(file: HubFileFacts, machine: MachineCapacity): ModelFit {
  return scoreFit(estimateNeeds(file), machine);
}
