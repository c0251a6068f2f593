import path from 'node:path';
import type { ModelStatus } from '../api/contract.ts';
import { HearthError, toErrorPayload } from '../api/errors.ts';
import { EmbedderState, type EmbedderStatus, type Embeddings } from './embedder-state.ts';
import { checkModelFile } from './model-file.ts';
import { gpuCrashReason } from './load-plan.ts';
import type { GenerateRequest, HardwareInfo, JsonGenerateRequest, LoadedModelInfo, LoadRequest, ModelFileInfo } from './protocol.ts';
import { InferenceSupervisor, type CrashContext, type JsonResult } from './supervisor.ts';

export type { EmbedderStatus, Embeddings } from './embedder-state.ts';

export interface ThreadMemory {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

export interface EngineOptions {
  /** Fixed thread count (from --threads or HEARTH_THREADS); otherwise calibrated once per model size. */
  threads?: number;
  contextSize?: number;
  memory: ThreadMemory;
  onStatus: (status: ModelStatus) => void;
  onEmbedderStatus?: (status: EmbedderStatus) => void;
}

/** More crashes than this within the window stop automatic restarts. */
const crashLimit = 3;
const crashWindowMs = 60_000;

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
  #crashTimes: number[] = [];
  #gpuEnabled: boolean;
  #switchingGpu = false;
  /** The latest switch of the GPU setting, settled either way: the next one waits for it. */
  #gpuSwitch: Promise<unknown> = Promise.resolve();

  constructor(options: EngineOptions) {
    this.#options = options;
    this.#gpuEnabled = options.memory.get<boolean>(gpuKey) !== false;
    this.#supervisor = new InferenceSupervisor(
      {
        onCalibrating: () => this.#update({ state: 'calibrating' }),
        onCrash: (details, during) => this.#recover(details, during),
      },
      { gpu: this.#gpuEnabled },
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
  }

  /** Loads a model; on failure the status says why and the error is thrown. */
  async load(modelPath: string, { isDemo = false } = {}): Promise<ModelStatus> {
    const fallbackName = path.basename(modelPath, '.gguf');
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
        ...(this.#gpuEnabled ? {} : { cpuFallbackReason: gpuOffReason }),
      });
      if (info.calibration) this.#options.memory.set(threadsKey(sizeBytes), info.threads);
      this.#update({
        state: 'ready', name: info.name, threads: info.threads, contextSize: info.contextSize,
        gpu: info.gpu === false ? null : info.gpu, gpuLayers: info.gpuLayers, fallbackReason: info.fallbackReason,
      });
      return this.#status;
    } catch (error) {
      this.#update({ state: 'error', error: toErrorPayload(error) });
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
  async #loadInWorker(request: LoadRequest): Promise<LoadedModelInfo> {
    try {
      return await this.#supervisor.load(request);
    } catch (error) {
      if (!(error instanceof HearthError && error.code === 'MODEL_CRASHED')) throw error;
      const { gpu } = await this.#supervisor.detectHardware();
      if (gpu === false) throw error;
      return this.#supervisor.load({ ...request, cpuFallbackReason: gpuCrashReason(gpu, error.details) });
    }
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
      // From here on, replies are refused until the model is back.
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

  /** The new worker has neither model: both are loaded again, but not the one whose loading crashed it. */
  #recover(details: string, during: CrashContext): void {
    // A crash during a load is that model's fault: load() or loadEmbedder() already reports it.
    const reloadModel = !during.load && this.#status.path !== null;
    const reloadEmbedder = !during.embedderLoad && this.#embedder.wasLoaded;
    if (!reloadModel && !reloadEmbedder) return;
    const now = Date.now();
    this.#crashTimes = [...this.#crashTimes.filter((time) => now - time < crashWindowMs), now];
    if (this.#crashTimes.length > crashLimit) {
      const error = new HearthError('ENGINE_CRASHED', { details });
      if (reloadModel) this.#update({ state: 'error', error: error.toPayload() });
      if (reloadEmbedder) this.#embedder.fail(error);
      return;
    }
    if (reloadModel) {
      this.load(this.#status.path!, { isDemo: this.#status.isDemo }).catch(() => {
        // load() has already put the reason in the status.
      });
    }
    if (reloadEmbedder) this.#embedder.reload();
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

  get embedderStatus(): EmbedderStatus {
    return this.#embedder.status;
  }

  /** Loads the embedding model beside the chat model, replacing the previous embedding model. */
  loadEmbedder(modelPath: string, options: { contextSize?: number } = {}): Promise<EmbedderStatus> {
    return this.#embedder.load(modelPath, options);
  }

  /** Unit-length vectors, one per text in order; waits for an embedding model that is still loading. */
  embed(texts: string[]): Promise<Embeddings> {
    return this.#embedder.embed(texts);
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
    return this.#supervisor.close();
  }
}
