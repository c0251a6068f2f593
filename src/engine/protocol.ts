/**
 * Messages between the core's supervisor and the inference worker
 * process. Plain JSON over the child-process IPC channel.
 */
import type { GbnfJsonSchema } from 'node-llama-cpp';
import type { ReplyStats } from '../api/contract.ts';

/** Passed to a worker that must leave the GPU alone (the user turned it off). */
export const cpuOnlyFlag = '--cpu-only';

/** A function the model may call, such as a tool of a local MCP server under its function name (src/tools/tool-names.ts). */
export interface FunctionDefinition {
  name: string;
  description: string;
  /** In the JSON-schema subset node-llama-cpp turns into a grammar: function-schema.ts makes a tool's declared schema fit it. */
  parameters: GbnfJsonSchema;
}

/** A call the model wrote; the worker never runs it, the core asks the person first. */
export interface FunctionCall {
  name: string;
  params: unknown;
}

/** A call as the worker returns it. */
export interface WrittenFunctionCall extends FunctionCall {
  /**
   * Why it cannot run as the model wrote it (a number too large for
   * JavaScript, which JSON would carry as null); the core gives the model
   * this instead of running the tool.
   */
  problem?: string;
}

export interface FunctionCallWithResult extends FunctionCall {
  /** What the model reads back: the tool's text, or why it did not run (refused, failed). */
  result: unknown;
}

export interface ChatTurn {
  role: 'user' | 'assistant';
  text: string;
  /**
   * Only on an assistant turn: the functions it called after its text, with
   * their results. An assistant turn right after it continues the same reply.
   */
  functionCalls?: FunctionCallWithResult[];
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
  /**
   * Replies written at once, each on its own sequence of the context
   * (default 1: one after another). Each sequence holds a whole context, so
   * memory for the KV cache grows with it; fewer are used when they do not fit.
   */
  parallelReplies?: number;
  /** Set when the model must run on the CPU although there may be a GPU (it crashed the worker, or the user turned it off): the reason the user reads. */
  cpuFallbackReason?: string;
}

export interface LoadedModelInfo {
  name: string;
  threads: number;
  /** Tokens of one reply's context: each parallel reply has this many. */
  contextSize: number;
  /** Replies the model writes at once: as many as asked for, or fewer when their contexts did not fit in memory. */
  parallelReplies: number;
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
  /** The person's message; empty after an assistant turn with function calls, to have the model go on with that turn having read their results. */
  prompt: string;
  settings: GenerationSettings;
  /** Functions the model may call: the reply then stops at its calls (after any text it wrote first) and returns them. */
  functions?: FunctionDefinition[];
  /**
   * For tests and demos with a model that never calls functions by itself
   * (the bundled demo model): the reply is exactly one call of one of
   * `functions`, its name and parameters constrained by a grammar.
   */
  forceFunctionCall?: boolean;
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
  /** Cores this process may use (os.availableParallelism). */
  cpuCores: number;
}

/** Why a generation failed, as the worker saw it; the last two only for JSON generation. */
export type GenerationFailure = 'prompt-too-long' | 'no-model' | 'other' | 'json-incomplete' | 'invalid-schema';

/** The embedding model, loaded beside the chat model. */
export interface EmbedderLoadRequest {
  requestId: string;
  modelPath: string;
  /** Omitted: llama.cpp's count of math cores. */
  threads?: number;
  /** Omitted: what the model was trained for, at most 2048 tokens. */
  contextSize?: number;
}

export interface EmbedderInfo {
  name: string;
  /** Length of every vector this model gives. */
  dimensions: number;
  /** Tokens one text may have; a longer text is cut to fit. */
  contextSize: number;
  gpu: string | false;
  gpuLayers: number;
}

/** Why an embedding model did not load: memory, a damaged file, or a model that cannot embed (encoder-decoder). */
export type EmbedderLoadFailure = LoadFailure | 'unsupported';

/**
 * Interactive: someone waits for it (a question). Background: ingestion.
 * Each has its own embedding context in the worker, so a question never
 * waits behind a document's chunks.
 */
export type EmbedPriority = 'interactive' | 'background';

export interface EmbedRequest {
  requestId: string;
  /** Embedded one after another in the same context, answered in this order. */
  texts: string[];
  priority: EmbedPriority;
}

export interface EmbedResult {
  /** One per text, L2-normalised in the worker (unit length), so a dot product is the cosine similarity. */
  vectors: number[][];
  /** One per text: true when the text was longer than the context and only its beginning was embedded. */
  truncated: boolean[];
}

/** Why embedding failed: no embedding model loaded, or llama.cpp failed. */
export type EmbedFailure = 'no-embedder' | 'other';

/** A reply from the chat model constrained by a JSON-schema grammar, so it always parses as the schema. */
export interface JsonGenerateRequest {
  requestId: string;
  prompt: string;
  systemPrompt?: string;
  schema: GbnfJsonSchema;
  /** The reply ends here; JSON cut off by it is a 'json-incomplete' failure. */
  maxTokens: number;
  seed?: number;
  /** Defaults to 0: the most likely answer. */
  temperature?: number;
}

/**
 * The first tokens of a reply, written greedily only to read how sure the
 * model is of each (its probability): a cheap signal of whether this
 * computer's model can answer well. Nothing of it is shown.
 */
export interface DraftRequest {
  requestId: string;
  systemPrompt: string;
  history: ChatTurn[];
  prompt: string;
  /** How many tokens to draft. */
  tokens: number;
}

export type ToWorker =
  | ({ type: 'load' } & LoadRequest)
  | ({ type: 'generate' } & GenerateRequest)
  | ({ type: 'generate-json' } & JsonGenerateRequest)
  | { type: 'stop'; requestId: string }
  | { type: 'inspect'; requestId: string; modelPath: string }
  | { type: 'detect-hardware'; requestId: string }
  | ({ type: 'load-embedder' } & EmbedderLoadRequest)
  | ({ type: 'embed' } & EmbedRequest)
  | ({ type: 'draft' } & DraftRequest)
  | { type: 'count-tokens'; requestId: string; texts: string[] };

export type FromWorker =
  | { type: 'calibrating' }
  | { type: 'loaded'; info: LoadedModelInfo }
  | { type: 'load-failed'; failure: LoadFailure; details: string }
  | { type: 'token'; requestId: string; text: string }
  /** functionCalls: present when the model stopped to call functions, in the order it wrote them. */
  | { type: 'done'; requestId: string; stopped: boolean; stats: ReplyStats; promptTokens: number; functionCalls?: WrittenFunctionCall[] }
  | { type: 'failed'; requestId: string; failure: GenerationFailure; details: string }
  | { type: 'inspected'; requestId: string; info: ModelFileInfo }
  | { type: 'inspect-failed'; requestId: string; details: string }
  | { type: 'hardware-detected'; requestId: string; info: HardwareInfo }
  | { type: 'embedder-loaded'; requestId: string; info: EmbedderInfo }
  | { type: 'embedder-load-failed'; requestId: string; failure: EmbedderLoadFailure; details: string }
  | ({ type: 'embedded'; requestId: string } & EmbedResult)
  | { type: 'embed-failed'; requestId: string; failure: EmbedFailure; details: string }
  | { type: 'json-generated'; requestId: string; value: unknown; text: string; tokens: number }
  /** The probability the model gave each drafted token, in order. */
  | { type: 'drafted'; requestId: string; confidences: number[] }
  /** How many tokens the chat model reads in each text, in order. */
  | { type: 'counted'; requestId: string; counts: number[] };
