/**
 * How the worker loads a model: which GPU layers and context size to ask
 * node-llama-cpp for, and what to try next when an attempt fails. Pure
 * functions, so the GPU-to-CPU decision is tested without a GPU.
 */
import { InsufficientMemoryError } from 'node-llama-cpp';

/** Larger contexts only when asked for: their KV cache costs memory on every machine. */
const maxAutoContextSize = 8192;
/** Below this a chat does not fit; a machine that cannot hold it gets MODEL_TOO_LARGE instead. */
const minAutoContextSize = 512;

export type ContextSizeOption = number | { min: number; max: number };

export interface LoadAttempt {
  /** "auto": node-llama-cpp offloads as many layers as fit in free VRAM; 0: CPU only. */
  gpuLayers: 'auto' | 0;
  /** Why an earlier attempt on the GPU was given up, in words for the user. */
  fallbackReason: string | null;
}

/**
 * A size the user asked for is taken as asked (capped at what the model
 * was trained for), and node-llama-cpp refuses it if it does not fit.
 * Otherwise node-llama-cpp picks the largest size up to 8192 whose KV
 * cache fits in free memory, rather than a default that may not fit.
 */
export function contextSizeOption(trainContextSize: number, requested?: number): ContextSizeOption {
  if (requested !== undefined) return Math.min(trainContextSize, requested);
  const max = Math.min(trainContextSize, maxAutoContextSize);
  return { min: Math.min(max, minAutoContextSize), max };
}

/** On the GPU when there is one, unless the GPU already crashed loading this model (the reason says so). */
export function firstAttempt(gpu: string | false, cpuFallbackReason?: string): LoadAttempt {
  if (cpuFallbackReason !== undefined) return { gpuLayers: 0, fallbackReason: cpuFallbackReason };
  return { gpuLayers: gpu === false ? 0 : 'auto', fallbackReason: null };
}

/** What the user reads when the GPU backend took the inference worker down while loading a model. */
export function gpuCrashReason(gpu: string, details: string | undefined): string {
  return `The GPU (${gpu}) stopped while loading this model, so it runs on the CPU.${details ? ` Details: ${details}` : ''}`;
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

/**
 * Refuses, before llama.cpp maps the file, a model whose weights exceed
 * the free memory: it would load, then page from disk on every token.
 */
export function checkFitsInRam(neededBytes: number, freeBytes: number): void {
  if (neededBytes > freeBytes) {
    throw new InsufficientMemoryError(`the model needs about ${gib(neededBytes)} of memory and ${gib(freeBytes)} is free`);
  }
}

/** True when the error says the model or its context does not fit in memory. */
export function isOutOfMemory(error: unknown): boolean {
  if (error instanceof InsufficientMemoryError) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /too large for the available|not enough (v)?ram|out of memory|failed to allocate/i.test(message);
}

/** llama.cpp refuses a context with more sequences than this. */
const maxSequences = 256;

/**
 * Creates the chat context with the sequences asked for, or with fewer when
 * their KV caches do not fit in memory: each sequence holds a whole context
 * of its own, so each costs as much memory as a single-sequence context.
 * Replies beyond the sequences created wait for a free one.
 */
export async function withSequencesThatFit<T>(wanted: number, create: (sequences: number) => Promise<T>): Promise<T> {
  for (let sequences = Math.min(Math.max(1, Math.floor(wanted)), maxSequences); ; sequences--) {
    try {
      return await create(sequences);
    } catch (error) {
      if (sequences === 1 || !isOutOfMemory(error)) throw error;
    }
  }
}

const noRoomOnGpu = 'The GPU did not have enough free memory for this model, so it runs on the CPU.';

/**
 * After a failed attempt: a GPU attempt is retried on the CPU, with the
 * reason the user will see; a CPU attempt has nowhere left to go (null).
 */
export function nextAttempt(failed: LoadAttempt, error: unknown): LoadAttempt | null {
  if (failed.gpuLayers === 0) return null;
  const fallbackReason = isOutOfMemory(error)
    ? noRoomOnGpu
    : `The GPU could not load this model (${error instanceof Error ? error.message : String(error)}), so it runs on the CPU.`;
  return { gpuLayers: 0, fallbackReason };
}

/**
 * Why a model that loaded runs on the CPU although a GPU was found: the
 * failed GPU attempt's reason, or node-llama-cpp's "auto" having found
 * room for no layer at all. Null when it runs on the GPU, or no GPU exists.
 */
export function fallbackReasonOf(gpu: string | false, gpuLayers: number, attempt: LoadAttempt): string | null {
  if (attempt.fallbackReason !== null) return attempt.fallbackReason;
  return gpu !== false && gpuLayers === 0 ? noRoomOnGpu : null;
}
