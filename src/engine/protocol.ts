/**
 * Messages between the core's supervisor and the inference worker
 * process. Plain JSON over the child-process IPC channel.
 */
import type { ReplyStats } from '../api/contract.ts';

export interface ChatTurn {
  role: 'user' | 'assistant';
  text: string;
}

export interface GenerationSettings {
  systemPrompt: string;
  temperature: number;
  topK: number;
  topP: number;
  /** Fixed seed for reproducible replies; undefined lets each reply differ. */
  seed?: number;
  maxTokens: number;
}

export interface CalibrationTrial {
  threads: number;
  tokensPerSecond: number;
}

export interface LoadRequest {
  modelPath: string;
  /** Omitted: the worker calibrates and picks the fastest thread count. */
  threads?: number;
  contextSize?: number;
}

export interface LoadedModelInfo {
  name: string;
  threads: number;
  contextSize: number;
  gpu: string | false;
  /** Layers offloaded to the GPU; 0 when the model runs on the CPU. */
  gpuLayers: number;
  /** Why the model runs on the CPU although a GPU was found; null when it did not fall back. */
  fallbackReason: string | null;
  calibration: CalibrationTrial[] | null;
}

/** Why a load failed: the model or its context does not fit in memory, or the file is unusable. */
export type LoadFailure = 'too-large' | 'invalid';

export interface GenerateRequest {
  requestId: string;
  history: ChatTurn[];
  prompt: string;
  settings: GenerationSettings;
}

/** What a GGUF file says about itself; read in the worker, since a malformed file can abort the process reading it. */
export interface ModelFileInfo {
  name: string | null;
  architecture: string | null;
  /** e.g. "Q4_K_M", from general.file_type. */
  quantization: string | null;
  contextLength: number | null;
  licence: string | null;
}

/** The machine as llama.cpp sees it, for choosing which models fit. */
export interface HardwareInfo {
  /** The GPU backend llama.cpp picked ("cuda", "metal", "vulkan"), or false for CPU only. */
  gpu: string | false;
  vramTotalBytes: number;
  vramFreeBytes: number;
  ramTotalBytes: number;
  ramFreeBytes: number;
}

/** Why a generation failed, as the worker saw it. */
export type GenerationFailure = 'prompt-too-long' | 'no-model' | 'other';

export type ToWorker =
  | ({ type: 'load' } & LoadRequest)
  | ({ type: 'generate' } & GenerateRequest)
  | { type: 'stop'; requestId: string }
  | { type: 'inspect'; requestId: string; modelPath: string }
  | { type: 'detect-hardware'; requestId: string };

export type FromWorker =
  | { type: 'calibrating' }
  | { type: 'loaded'; info: LoadedModelInfo }
  | { type: 'load-failed'; failure: LoadFailure; details: string }
  | { type: 'token'; requestId: string; text: string }
  | { type: 'done'; requestId: string; stopped: boolean; stats: ReplyStats; promptTokens: number }
  | { type: 'failed'; requestId: string; failure: GenerationFailure; details: string }
  | { type: 'inspected'; requestId: string; info: ModelFileInfo }
  | { type: 'inspect-failed'; requestId: string; details: string }
  | { type: 'hardware-detected'; requestId: string; info: HardwareInfo };
