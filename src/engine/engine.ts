import path from 'node:path';
import type { ModelStatus } from '../api/contract.ts';
import { errorCodes, HearthError, toErrorPayload, type ErrorCode } from '../api/errors.ts';
import type { LaunchWorker } from '../common/worker-process.ts';
import { EmbedderState, type EmbedderStatus, type Embeddings } from './embedder-state.ts';
import { checkModelFile } from './model-file.ts';
import { gpuCrashReason } from './load-plan.ts';
import type { DraftRequest, EmbedPriority, GenerateRequest, HardwareInfo, JsonGenerateRequest, LoadedModelInfo, LoadRequest, ModelFileInfo } from './protocol.ts';
import { RestartBackoff } from './restart-backoff.ts';
import { InferenceSupervisor, type CrashContext, type JsonResult } from './supervisor.ts';

export type { EmbedderStatus, Embeddings } from './embedder-state.ts';
export type { EmbedPriority } from './protocol.ts';

export interface ThreadMemory {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

export interface EngineOptions {
  /** Fixed thread count (from --threads or HEARTH_THREADS); otherwise calibrated once per model size. */
  threads?: number;
  /** Tokens of each reply's context. */
  contextSize?: number;
  /**
   * How many replies the chat model writes at once (default 1), each on its
   * own sequence with a context of `contextSize` tokens; more wait for a
   * free one in the order they came. Fewer are used when their KV caches do
   * not fit in memory (`parallelReplies` says how many).
   */
  parallelReplies?: number;
  memory: ThreadMemory;
  onStatus: (status: ModelStatus) => void;
  onEmbedderStatus?: (status: EmbedderStatus) => void;
  /**
   * After a crash the models load again at once; after a second crash in a
   * row they wait this long first (default 1 s), and twice as long after
   * each further one (see restart-backoff.ts).
   */
  restartDelayMs?: number;
  /** How the inference worker is started (an Electron utility process in the desktop app); forked by Node otherwise. */
  launchWorker?: LaunchWorker;
}

const threadsKey = (sizeBytes: number) => `engine.threads.${sizeBytes}`;
/** The user's choice on the Models page; the GPU is used unless it is false. */
const gpuKey = 'engine.useGpu';
const gpuOffReason = 'The GPU is turned off on the Models page, so models run on the CPU.';

/**
 * The model state in one place: which model is loaded, how, and whether
 * it is usable. Everything the UI shows about the model comes from here.
 */
export class Engine {
  readonly #options: EngineOptions;
  readonly #supervisor: InferenceSupervisor;
  #status: ModelStatus = {
    state: 'loading', name: null, path: null, isDemo: false, sizeBytes: null, threads: null, contextSize: null,
    gpu: null, gpuLayers: null, fallbackReason: null, error: null,
  };
  readonly #embedder: EmbedderState;
  readonly #restarts: RestartBackoff;
  #parallelReplies: number | null = null;
  /** Counts model loads, so that only the latest one sets the status. */
  #loads = 0;
  /** The latest load is the same model again after a crash. */
  #reloading = false;
  /** Checked after every change of the status: replies that wait for the model. */
  readonly #statusListeners = new Set<() => void>();
  #closed = false;
  #gpuEnabled: boolean;
  #switchingGpu = false;
  /** The latest switch of the GPU setting, settled either way: the next one waits for it. */
  #gpuSwitch: Promise<unknown> = Promise.resolve();

  constructor(options: EngineOptions) {
    this.#options = options;
    this.#restarts = new RestartBackoff(options.restartDelayMs ?? 1000);
    this.#gpuEnabled = options.memory.get<boolean>(gpuKey) !== false;
    this.#supervisor = new InferenceSupervisor(
      {
        onCalibrating: () => this.#update({ state: 'calibrating' }),
        onCrash: (details, during) => this.#recover(details, during),
      },
      { gpu: this.#gpuEnabled, ...(options.launchWorker ? { launch: options.launchWorker } : {}) },
    );
    this.#embedder = new EmbedderState(this.#supervisor, {
      ...(options.threads === undefined ? {} : { threads: options.threads }),
      onStatus: (status) => options.onEmbedderStatus?.(status),
    });
  }

  get status(): ModelStatus {
    return this.#status;
  }

  #update(change: Partial<ModelStatus>): void {
    this.#status = { ...this.#status, ...change };
    this.#options.onStatus(this.#status);
    for (const listener of [...this.#statusListeners]) listener();
  }

  /** True while the model is loading, or waiting to load again after a crash: a reply can wait for it. */
  get #coming(): boolean {
    return !this.#closed && (this.#status.state === 'loading' || this.#status.state === 'calibrating' || this.#restarts.waiting);
  }

  /** Why no reply can be written: the status's own error (a failed load says which and what to do), else MODEL_NOT_READY. */
  #notReady(): HearthError {
    const { error } = this.#status;
    if (this.#closed || error === null) return new HearthError('MODEL_NOT_READY', this.#closed ? { details: 'Hearth is closing' } : {});
    // The status holds the error as the UI gets it; its code came from the table.
    const code = (error.code in errorCodes ? error.code : 'MODEL_NOT_READY') as ErrorCode;
    return new HearthError(code, { message: error.message, action: error.action, details: error.details });
  }

  /** Throws why a reply cannot be written, unless the model is ready or on its way (loading, or restarting after a crash). */
  assertReadySoon(): void {
    if (this.#status.state !== 'ready' && !this.#coming) throw this.#notReady();
  }

  /**
   * Resolves once the model is ready, waiting while it loads or restarts
   * after a crash; rejects with the reason once it will not be (its load
   * failed), or with the signal's reason when that aborts first.
   */
  whenReady(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (signal?.aborted) reject(signal.reason);
        else if (this.#status.state === 'ready') resolve();
        else if (!this.#coming) reject(this.#notReady());
        else return;
        this.#statusListeners.delete(check);
        signal?.removeEventListener('abort', check);
      };
      this.#statusListeners.add(check);
      signal?.addEventListener('abort', check);
      check();
    });
  }

  /** Loads a model; on failure the status says why and the error is thrown. */
  load(modelPath: string, { isDemo = false } = {}): Promise<ModelStatus> {
    // The load asked for replaces a restart that waits: the embedding model, waiting too, loads at once.
    this.#restarts.hurry();
    return this.#load(modelPath, isDemo, false);
  }

  async #load(modelPath: string, isDemo: boolean, reloading: boolean): Promise<ModelStatus> {
    const load = ++this.#loads;
    this.#reloading = reloading;
    const current = () => load === this.#loads;
    const fallbackName = path.basename(modelPath, '.gguf');
    this.#parallelReplies = null;
    this.#update({
      state: 'loading', name: fallbackName, path: modelPath, isDemo, sizeBytes: null, threads: null, contextSize: null,
      gpu: null, gpuLayers: null, fallbackReason: null, error: null,
    });
    try {
      const { sizeBytes } = await checkModelFile(modelPath);
      this.#update({ sizeBytes });
      const threads = this.#options.threads ?? this.#options.memory.get<number>(threadsKey(sizeBytes));
      const info = await this.#loadInWorker({
        modelPath,
        ...(threads === undefined ? {} : { threads }),
        ...(this.#options.contextSize === undefined ? {} : { contextSize: this.#options.contextSize }),
        ...(this.#options.parallelReplies === undefined ? {} : { parallelReplies: this.#options.parallelReplies }),
        ...(this.#gpuEnabled ? {} : { cpuFallbackReason: gpuOffReason }),
      }, current);
      if (info.calibration) this.#options.memory.set(threadsKey(sizeBytes), info.threads);
      if (!current()) return this.#status;
      this.#parallelReplies = info.parallelReplies;
      this.#update({
        state: 'ready', name: info.name, threads: info.threads, contextSize: info.contextSize,
        gpu: info.gpu === false ? null : info.gpu, gpuLayers: info.gpuLayers, fallbackReason: info.fallbackReason,
      });
      return this.#status;
    } catch (error) {
      // A crash cut this load short and a restart is on its way: that one sets the status.
      if (current()) this.#update({ state: 'error', error: toErrorPayload(error) });
      throw error;
    }
  }

  /**
   * A GPU backend can abort the whole worker while loading (a driver fault,
   * an operation it cannot run), where a thrown error would have been
   * retried on the CPU in the worker. So a crash on a machine with a GPU
   * gets one more try, on the CPU of a fresh worker; a crash there too is
   * the file's fault.
   */
  async #loadInWorker(request: LoadRequest, current: () => boolean): Promise<LoadedModelInfo> {
    try {
      return await this.#supervisor.load(request);
    } catch (error) {
      if (!(error instanceof HearthError && error.code === 'MODEL_CRASHED') || !current()) throw error;
      const { gpu } = await this.#supervisor.detectHardware();
      if (gpu === false) throw error;
      return this.#supervisor.load({ ...request, cpuFallbackReason: gpuCrashReason(gpu, error.details) });
    }
  }

  /** How many replies the loaded model writes at once (null before a model loads): fewer than asked when memory was short. */
  get parallelReplies(): number | null {
    return this.#parallelReplies;
  }

  /** False when the user turned the GPU off: models then run on llama.cpp's CPU build. */
  get gpuEnabled(): boolean {
    return this.#gpuEnabled;
  }

  /** True while the GPU is being switched on or off and the models load again. */
  get switchingGpu(): boolean {
    return this.#switchingGpu;
  }

  /**
   * Turns the GPU on or off, remembered for the next start. The inference
   * worker is replaced by one with the chosen backend once what it is
   * doing has finished, and the chat and embedding models are loaded
   * again in it; resolves with the chat model's new status.
   */
  useGpu(enabled: boolean): Promise<ModelStatus> {
    // Started at once when no switch is running, so that the status says "loading" before this returns.
    const change = this.#switchingGpu ? this.#gpuSwitch.then(() => this.#switchGpu(enabled)) : this.#switchGpu(enabled);
    this.#gpuSwitch = change.catch(() => undefined);
    return change;
  }

  async #switchGpu(enabled: boolean): Promise<ModelStatus> {
    this.#options.memory.set(gpuKey, enabled);
    if (enabled === this.#gpuEnabled) return this.#status;
    this.#gpuEnabled = enabled;
    this.#switchingGpu = true;
    try {
      const modelPath = this.#status.path;
      // This loads both models again: a restart that waits is not needed any more.
      this.#restarts.hurry();
      // From here on, replies wait until the model is back.
      if (modelPath !== null) this.#update({ state: 'loading', gpu: null, gpuLayers: null, fallbackReason: null, error: null });
      const replaced = this.#supervisor.replaceWorker({ gpu: enabled });
      // Its load request waits with the others for the new worker, and embeddings wait for the load.
      if (this.#embedder.wasLoaded) this.#embedder.reload();
      await replaced;
      return modelPath === null ? this.#status : await this.load(modelPath, { isDemo: this.#status.isDemo });
    } finally {
      this.#switchingGpu = false;
    }
  }

  /**
   * The new worker has neither model: both are loaded again, but not one
   * whose first load crashed it (that file is to blame). Crash after crash,
   * each restart waits longer, and the status says so; it never gives up.
   */
  #recover(details: string, during: CrashContext): void {
    const usable = this.#status.state !== 'error' || this.#restarts.waiting;
    const reloadModel = this.#status.path !== null && usable && (!during.load || this.#reloading);
    const reloadEmbedder = this.#embedder.wasLoaded && (!during.embedderLoad || this.#embedder.reloading);
    if (!reloadModel && !reloadEmbedder) return;
    const delay = this.#restarts.crashed();
    const { path: modelPath, isDemo } = this.#status;
    if (delay === 0) {
      if (reloadModel) this.#reloadModel(modelPath!, isDemo);
      if (reloadEmbedder) this.#embedder.reload();
      return;
    }
    const due = this.#restarts.wait(delay);
    if (reloadModel) {
      // The load the crash cut short, if any, no longer sets the status.
      const load = ++this.#loads;
      const error = new HearthError('ENGINE_RESTARTING', {
        message: `The inference engine keeps stopping unexpectedly; Hearth loads the model again in ${Math.ceil(delay / 1000)} s.`,
        action: 'Wait for it. If it keeps happening, turn the GPU off or choose another model on the Models page.',
        details,
      });
      this.#update({ state: 'error', error: error.toPayload() });
      due.then(
        () => {
          // Another load began meanwhile (the user chose a model, or the GPU setting changed): that one is enough.
          if (load === this.#loads && !this.#switchingGpu) this.#reloadModel(modelPath!, isDemo);
        },
        () => undefined,
      );
    }
    if (reloadEmbedder) this.#embedder.reload(due);
  }

  #reloadModel(modelPath: string, isDemo: boolean): void {
    this.#load(modelPath, isDemo, true).catch(() => {
      // The status already holds the reason, or a restart after another crash is on its way.
    });
  }

  generate(request: Omit<GenerateRequest, 'requestId'>, onToken: (text: string) => void) {
    if (this.#status.state !== 'ready') {
      const error = this.#status.error
        ? new HearthError('MODEL_NOT_READY', { details: this.#status.error.message })
        : new HearthError('MODEL_NOT_READY');
      throw error;
    }
    return this.#supervisor.generate(request, onToken);
  }

  /** A JSON reply from the chat model, valid under `schema`; `stop(requestId)` ends it early (JSON_INCOMPLETE). */
  generateJson(request: Omit<JsonGenerateRequest, 'requestId'>): { requestId: string; result: Promise<JsonResult> } {
    if (this.#status.state !== 'ready') throw new HearthError('MODEL_NOT_READY', this.#status.error ? { details: this.#status.error.message } : {});
    return this.#supervisor.generateJson(request);
  }

  /** How sure the chat model is of the first tokens of its reply: their probabilities, from a draft nobody sees. */
  draft(request: Omit<DraftRequest, 'requestId'>): Promise<number[]> {
    if (this.#status.state !== 'ready') return Promise.reject(new HearthError('MODEL_NOT_READY', this.#status.error ? { details: this.#status.error.message } : {}));
    return this.#supervisor.draft(request);
  }

  /** How many tokens the chat model reads in each text (MODEL_NOT_READY until one is loaded). */
  countTokens(texts: string[]): Promise<number[]> {
    if (this.#status.state !== 'ready') return Promise.reject(new HearthError('MODEL_NOT_READY', this.#status.error ? { details: this.#status.error.message } : {}));
    return this.#supervisor.countTokens(texts);
  }

  get embedderStatus(): EmbedderStatus {
    return this.#embedder.status;
  }

  /** Loads the embedding model beside the chat model, replacing the previous embedding model. */
  loadEmbedder(modelPath: string, options: { contextSize?: number } = {}): Promise<EmbedderStatus> {
    return this.#embedder.load(modelPath, options);
  }

  /**
   * Unit-length vectors, one per text in order; waits for an embedding model
   * that is still loading. Background requests (ingestion) let interactive
   * ones (a question) go first.
   */
  embed(texts: string[], options: { priority?: EmbedPriority } = {}): Promise<Embeddings> {
    return this.#embedder.embed(texts, options);
  }

  /** What a model file is, checked by llama.cpp in the worker; the loaded model stays loaded. */
  async inspect(modelPath: string): Promise<ModelFileInfo & { sizeBytes: number }> {
    const { sizeBytes } = await checkModelFile(modelPath);
    return { ...(await this.#supervisor.inspect(modelPath)), sizeBytes };
  }

  detectHardware(): Promise<HardwareInfo> {
    return this.#supervisor.detectHardware();
  }

  stop(requestId: string): boolean {
    return this.#supervisor.stop(requestId);
  }

  get workerPid(): number | undefined {
    return this.#supervisor.pid;
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#restarts.cancel(new HearthError('MODEL_NOT_READY', { details: 'Hearth is closing' }));
    for (const listener of [...this.#statusListeners]) listener();
    return this.#supervisor.close();
  }
}
