import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { ReplyStats } from '../api/contract.ts';
import { HearthError } from '../api/errors.ts';
import { forkWorker, type LaunchWorker, type WorkerProcess } from '../common/worker-process.ts';
import {
  cpuOnlyFlag, type EmbedderInfo, type EmbedderLoadRequest, type EmbedPriority, type EmbedResult, type FromWorker, type GenerateRequest, type HardwareInfo,
  type DraftRequest, type JsonGenerateRequest, type LoadedModelInfo, type LoadRequest, type ModelFileInfo, type ToWorker, type WrittenFunctionCall,
} from './protocol.ts';
import { crashCodes, embedderLoadErrorCodes, embedErrorCodes, generationErrorCodes, type RequestKind } from './worker-errors.ts';

// Runs from .ts sources under Node 24 and from compiled .js in a package.
const workerFile = fileURLToPath(new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

/** How much of the worker's stderr is kept to explain a crash. */
const stderrTailBytes = 4096;

export interface GenerationResult {
  stopped: boolean;
  stats: ReplyStats;
  /** Tokens of the formatted system prompt, history and message in the context for this reply (0 when stopped before the first token). */
  promptTokens: number;
  /** The functions the model called, in order, when it stopped to call them: for the core to run once the person approves. */
  functionCalls?: WrittenFunctionCall[];
}

interface PendingGeneration {
  onToken: (text: string) => void;
  resolve: (result: GenerationResult) => void;
  reject: (error: HearthError) => void;
}

interface PendingLoad {
  resolve: (info: LoadedModelInfo) => void;
  reject: (error: HearthError) => void;
}

export interface JsonResult {
  value: unknown;
  /** The reply as the model wrote it. */
  text: string;
  tokens: number;
}

/** A one-answer request to the worker (inspect a file, load the embedder, embed texts, JSON). */
interface PendingRequest {
  kind: RequestKind;
  resolve: (answer: never) => void;
  reject: (error: HearthError) => void;
}

/** Which loads were in flight when the worker died: such a crash points at that model file. */
export interface CrashContext {
  load: boolean;
  embedderLoad: boolean;
}

/** Asks a worker to leave, and kills it if it has not within a few seconds. */
async function stopWorker(worker: WorkerProcess): Promise<void> {
  if (worker.exited) return;
  const exited = new Promise((resolve) => worker.onExit(resolve));
  worker.requestExit();
  const killTimer = setTimeout(() => worker.kill(), 3000);
  await exited;
  clearTimeout(killTimer);
}

export interface SupervisorOptions {
  /** False starts workers on llama.cpp's CPU build only (the user turned the GPU off). */
  gpu?: boolean;
  /** How the worker process is started: forked by Node unless the desktop app says otherwise. */
  launch?: LaunchWorker;
}

export interface SupervisorEvents {
  onCalibrating?: () => void;
  /** The worker died; a fresh one is already running (without a model or embedder). */
  onCrash?: (details: string, during: CrashContext) => void;
}

/**
 * Owns the inference worker process: starts it, routes requests and
 * their streamed tokens, and when it dies fails what was in flight with
 * a clear error and starts a new one.
 */
export class InferenceSupervisor {
  #child: WorkerProcess | undefined;
  readonly #launch: LaunchWorker;
  #stderrTail = '';
  #pendingLoad: PendingLoad | undefined;
  readonly #generations = new Map<string, PendingGeneration>();
  readonly #requests = new Map<string, PendingRequest>();
  readonly #events: SupervisorEvents;
  #closed = false;
  #gpu: boolean;
  /** Messages for the next worker while the current one is being replaced; undefined otherwise. */
  #held: ToWorker[] | undefined;
  /** Called after every answer or exit of the worker: what waits for requests to settle looks again. */
  #settleListeners: (() => void)[] = [];

  constructor(events: SupervisorEvents = {}, options: SupervisorOptions = {}) {
    this.#events = events;
    this.#gpu = options.gpu ?? true;
    this.#launch = options.launch ?? forkWorker;
    this.#start();
  }

  #start(): void {
    const child = this.#launch({
      file: workerFile,
      args: this.#gpu ? [] : [cpuOnlyFlag],
      // GGML_NO_BACKTRACE: an abort would otherwise attach gdb to print a backtrace, taking seconds.
      env: { ...process.env, GGML_NO_BACKTRACE: '1' },
      name: 'Hearth inference',
    });
    this.#stderrTail = '';
    child.onStderr((text) => {
      this.#stderrTail = (this.#stderrTail + text).slice(-stderrTailBytes);
    });
    child.onMessage((message) => this.#onMessage(message as FromWorker));
    child.onExit((code, signal) => this.#onExit(child, code, signal));
    this.#child = child;
  }

  #send(message: ToWorker): void {
    if (this.#held) this.#held.push(message);
    else this.#child?.send(message);
  }

  #settled(): void {
    for (const listener of this.#settleListeners.splice(0)) listener();
  }

  /** Resolves once every request sent so far has its answer (or the supervisor closed). */
  async #inFlightSettled(): Promise<void> {
    const requestIds = [...this.#generations.keys(), ...this.#requests.keys()];
    const load = this.#pendingLoad;
    const busy = () =>
      requestIds.some((id) => this.#generations.has(id) || this.#requests.has(id)) || (load !== undefined && this.#pendingLoad === load);
    while (busy() && !this.#closed) await new Promise<void>((resolve) => this.#settleListeners.push(resolve));
  }

  /**
   * Replaces the worker with one that uses the GPU or leaves it alone.
   * What the current worker is doing is finished first, and requests made
   * meanwhile wait for the new worker, so no reply or embedding is lost.
   * The new worker starts without models, as after a crash.
   */
  async replaceWorker({ gpu }: { gpu: boolean }): Promise<void> {
    this.#gpu = gpu;
    this.#held ??= [];
    await this.#inFlightSettled();
    if (this.#closed) return;
    const previous = this.#child;
    // Unset first: this exit is no crash.
    this.#child = undefined;
    // The old worker leaves before the new one starts, so the GPU's memory is free again.
    if (previous) await stopWorker(previous);
    if (this.#closed) return;
    this.#start();
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const message of held) this.#send(message);
  }

  #onMessage(message: FromWorker): void {
    this.#handle(message);
    this.#settled();
  }

  #handle(message: FromWorker): void {
    switch (message.type) {
      case 'calibrating':
        this.#events.onCalibrating?.();
        return;
      case 'loaded':
        this.#pendingLoad?.resolve(message.info);
        this.#pendingLoad = undefined;
        return;
      case 'load-failed':
        this.#pendingLoad?.reject(new HearthError(message.failure === 'too-large' ? 'MODEL_TOO_LARGE' : 'MODEL_INVALID', { details: message.details }));
        this.#pendingLoad = undefined;
        return;
      case 'token':
        this.#generations.get(message.requestId)?.onToken(message.text);
        return;
      case 'done':
        this.#generations.get(message.requestId)?.resolve({
          stopped: message.stopped, stats: message.stats, promptTokens: message.promptTokens,
          ...(message.functionCalls ? { functionCalls: message.functionCalls } : {}),
        });
        this.#generations.delete(message.requestId);
        return;
      case 'inspected':
      case 'hardware-detected':
      case 'embedder-loaded':
        this.#answer(message.requestId, (pending) => pending.resolve(message.info as never));
        return;
      case 'inspect-failed':
        this.#answer(message.requestId, (pending) => pending.reject(new HearthError('MODEL_INVALID', { details: message.details })));
        return;
      case 'embedder-load-failed':
        this.#answer(message.requestId, (pending) => pending.reject(new HearthError(embedderLoadErrorCodes[message.failure], { details: message.details })));
        return;
      case 'embedded':
        this.#answer(message.requestId, (pending) => pending.resolve({ vectors: message.vectors, truncated: message.truncated } as never));
        return;
      case 'embed-failed':
        this.#answer(message.requestId, (pending) => pending.reject(new HearthError(embedErrorCodes[message.failure], { details: message.details })));
        return;
      case 'json-generated':
        this.#answer(message.requestId, (pending) => pending.resolve({ value: message.value, text: message.text, tokens: message.tokens } as never));
        return;
      case 'drafted':
        this.#answer(message.requestId, (pending) => pending.resolve(message.confidences as never));
        return;
      case 'counted':
        this.#answer(message.requestId, (pending) => pending.resolve(message.counts as never));
        return;
      case 'failed': {
        const error = new HearthError(generationErrorCodes[message.failure], { details: message.details });
        this.#generations.get(message.requestId)?.reject(error);
        this.#generations.delete(message.requestId);
        this.#answer(message.requestId, (pending) => pending.reject(error));
        return;
      }
    }
  }

  #onExit(child: WorkerProcess, code: number | null, signal: string | null): void {
    if (child !== this.#child) return;
    this.#child = undefined;
    if (this.#closed) {
      this.#settled();
      return;
    }
    const lastLines = this.#stderrTail.trim().split('\n').slice(-3).join('\n');
    const details = `the inference worker exited (${signal ?? `code ${code}`})${lastLines ? `: ${lastLines}` : ''}`;
    const during: CrashContext = {
      load: this.#pendingLoad !== undefined,
      embedderLoad: [...this.#requests.values()].some((pending) => pending.kind === 'load-embedder'),
    };
    this.#pendingLoad?.reject(new HearthError('MODEL_CRASHED', { details }));
    this.#pendingLoad = undefined;
    for (const pending of this.#generations.values()) pending.reject(new HearthError('ENGINE_CRASHED', { details }));
    this.#generations.clear();
    for (const pending of this.#requests.values()) pending.reject(new HearthError(crashCodes[pending.kind], { details }));
    this.#requests.clear();
    // What was held for a replacement has just failed with the rest: the new worker gets none of it.
    if (this.#held) this.#held = [];
    this.#settled();
    this.#start();
    this.#events.onCrash?.(details, during);
  }

  /** Loads a model in the worker, replacing the current one. */
  load(request: LoadRequest): Promise<LoadedModelInfo> {
    this.#pendingLoad?.reject(new HearthError('MODEL_NOT_READY', { details: 'another model load replaced this one' }));
    return new Promise((resolve, reject) => {
      this.#pendingLoad = { resolve, reject };
      this.#send({ type: 'load', ...request });
    });
  }

  #answer(requestId: string, settle: (pending: PendingRequest) => void): void {
    const pending = this.#requests.get(requestId);
    this.#requests.delete(requestId);
    if (pending) settle(pending);
  }

  #request<T>(message: ToWorker & { requestId: string; type: RequestKind }): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#requests.set(message.requestId, { kind: message.type, resolve: resolve as (answer: never) => void, reject });
      this.#send(message);
    });
  }

  /** Reads a model file's metadata in the worker, where a file that aborts the process cannot take the core with it. */
  inspect(modelPath: string): Promise<ModelFileInfo> {
    return this.#request({ type: 'inspect', requestId: randomUUID(), modelPath });
  }

  /** GPU, VRAM and RAM as llama.cpp sees them. */
  detectHardware(): Promise<HardwareInfo> {
    return this.#request({ type: 'detect-hardware', requestId: randomUUID() });
  }

  /** Loads the embedding model beside the chat model; the same model again is kept as it is. */
  loadEmbedder(request: Omit<EmbedderLoadRequest, 'requestId'>): Promise<EmbedderInfo> {
    return this.#request({ type: 'load-embedder', requestId: randomUUID(), ...request });
  }

  /** Embeds the texts in order, in the worker's embedding queue of that priority (beside any reply being written). */
  embed(texts: string[], priority: EmbedPriority): Promise<EmbedResult> {
    return this.#request({ type: 'embed', requestId: randomUUID(), texts, priority });
  }

  /** A JSON reply under the schema's grammar, queued with the chat replies; `stop` ends it (JSON_INCOMPLETE). */
  generateJson(request: Omit<JsonGenerateRequest, 'requestId'>): { requestId: string; result: Promise<JsonResult> } {
    const requestId = randomUUID();
    return { requestId, result: this.#request({ type: 'generate-json', ...request, requestId }) };
  }

  /** The probabilities the chat model gives the first tokens of a reply it drafts (and throws away), queued with the replies. */
  draft(request: Omit<DraftRequest, 'requestId'>): Promise<number[]> {
    return this.#request({ type: 'draft', ...request, requestId: randomUUID() });
  }

  /** How many tokens the chat model reads in each text. */
  countTokens(texts: string[]): Promise<number[]> {
    return this.#request({ type: 'count-tokens', requestId: randomUUID(), texts });
  }

  /** Streams a reply; `requestId` lets `stop` end it early (the promise then resolves with stopped: true). */
  generate(request: Omit<GenerateRequest, 'requestId'> & { requestId?: string }, onToken: (text: string) => void) {
    const requestId = request.requestId ?? randomUUID();
    const result = new Promise<GenerationResult>((resolve, reject) => {
      this.#generations.set(requestId, { onToken, resolve, reject });
      this.#send({ type: 'generate', ...request, requestId });
    });
    return { requestId, result };
  }

  stop(requestId: string): boolean {
    if (!this.#generations.has(requestId) && this.#requests.get(requestId)?.kind !== 'generate-json') return false;
    this.#send({ type: 'stop', requestId });
    return true;
  }

  /** The worker's process id, for diagnostics and tests. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#settled();
    if (this.#child) await stopWorker(this.#child);
  }
}
