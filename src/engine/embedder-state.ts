/**
 * The embedding model's state in the core: which file, whether it can be
 * used, and the id stored with every vector, so that vectors of two
 * different models are never compared.
 */
import path from 'node:path';
import { HearthError, toErrorPayload, type ErrorPayload } from '../api/errors.ts';
import { checkModelFile } from './model-file.ts';
import type { EmbedPriority } from './protocol.ts';
import type { InferenceSupervisor } from './supervisor.ts';

export interface EmbedderStatus {
  state: 'none' | 'loading' | 'ready' | 'error';
  path: string | null;
  name: string | null;
  /** Stable id of the model file, its name and size ("bge-small.gguf:133093376"): keep it with the vectors. */
  model: string | null;
  /** Length of every vector. */
  dimensions: number | null;
  /** Tokens of one text that are embedded; the rest of a longer text is cut off. */
  contextSize: number | null;
  error: ErrorPayload | null;
}

export interface Embeddings {
  /** One per text, in order, each of length 1: a dot product of two is their cosine similarity. */
  vectors: Float32Array[];
  /** One per text: true when only the beginning of the text fitted in the context. */
  truncated: boolean[];
  /** The embedding model's id, as in EmbedderStatus.model. */
  model: string;
}

export interface EmbedderLoadOptions {
  contextSize?: number;
}

const noEmbedder: EmbedderStatus = { state: 'none', path: null, name: null, model: null, dimensions: null, contextSize: null, error: null };

export class EmbedderState {
  readonly #supervisor: InferenceSupervisor;
  readonly #threads: number | undefined;
  readonly #onStatus: (status: EmbedderStatus) => void;
  #status = noEmbedder;
  #options: EmbedderLoadOptions = {};
  /** The latest load, settled either way: embedding waits for it. */
  #loading: Promise<unknown> = Promise.resolve();
  /** Counts loads, so that only the latest one sets the status. */
  #loads = 0;
  /** The latest load is the same model again after a crash. */
  #reloading = false;
  /** Background requests, one after another: the worker holds at most one of them at a time. */
  #background: Promise<unknown> = Promise.resolve();

  constructor(supervisor: InferenceSupervisor, options: { threads?: number; onStatus: (status: EmbedderStatus) => void }) {
    this.#supervisor = supervisor;
    this.#threads = options.threads;
    this.#onStatus = options.onStatus;
  }

  get status(): EmbedderStatus {
    return this.#status;
  }

  /** True when the worker held (or was loading) an embedding model that it should hold again after a restart. */
  get wasLoaded(): boolean {
    return this.#status.path !== null && this.#status.state !== 'error';
  }

  /** True while the model loads again after a crash: it loaded before, so a crash now is not the file's fault. */
  get reloading(): boolean {
    return this.#reloading && this.#status.state === 'loading';
  }

  #update(status: EmbedderStatus): void {
    this.#status = status;
    this.#onStatus(status);
  }

  load(modelPath: string, options: EmbedderLoadOptions = {}): Promise<EmbedderStatus> {
    return this.#start(modelPath, options, Promise.resolve(), false);
  }

  /**
   * Loads the same model again into a new worker once `due` resolves (the
   * wait between restarts of a crashing worker); embedding waits meanwhile.
   */
  reload(due: Promise<void> = Promise.resolve()): void {
    if (this.#status.path === null) return;
    this.#start(this.#status.path, this.#options, due, true).catch(() => {
      // The status already holds the reason.
    });
  }

  #start(modelPath: string, options: EmbedderLoadOptions, due: Promise<void>, reloading: boolean): Promise<EmbedderStatus> {
    const load = ++this.#loads;
    this.#reloading = reloading;
    this.#options = options;
    this.#update({ ...noEmbedder, state: 'loading', path: modelPath, name: path.basename(modelPath, '.gguf') });
    const loading = due.then(
      () => this.#load(modelPath, options, load),
      (error: unknown) => this.#failed(error, load),
    );
    this.#loading = loading.catch(() => undefined);
    return loading;
  }

  #failed(error: unknown, load: number): never {
    if (load === this.#loads) this.#update({ ...this.#status, state: 'error', error: toErrorPayload(error) });
    throw error;
  }

  async #load(modelPath: string, options: EmbedderLoadOptions, load: number): Promise<EmbedderStatus> {
    // Another load began while this one waited: that one sets the status.
    if (load !== this.#loads) return this.#status;
    try {
      const { sizeBytes } = await checkModelFile(modelPath);
      const info = await this.#supervisor.loadEmbedder({
        modelPath,
        ...(this.#threads === undefined ? {} : { threads: this.#threads }),
        ...(options.contextSize === undefined ? {} : { contextSize: options.contextSize }),
      });
      const status: EmbedderStatus = {
        state: 'ready', path: modelPath, name: info.name, model: `${path.basename(modelPath)}:${sizeBytes}`,
        dimensions: info.dimensions, contextSize: info.contextSize, error: null,
      };
      if (load === this.#loads) this.#update(status);
      return status;
    } catch (error) {
      return this.#failed(error, load);
    }
  }

  /**
   * An interactive request goes to the worker at once, to its own embedding
   * context. Background requests wait for each other here, so the worker
   * computes at most one beside a question or a reply, never a queue of them.
   */
  async embed(texts: string[], { priority = 'interactive' }: { priority?: EmbedPriority } = {}): Promise<Embeddings> {
    const empty = texts.findIndex((text) => text.length === 0);
    if (empty !== -1) throw new HearthError('INVALID_REQUEST', { details: `text ${empty + 1} of ${texts.length} is empty: there is nothing to embed` });
    if (priority === 'interactive') return this.#embed(texts, priority);
    const turn = this.#background.then(() => this.#embed(texts, priority));
    this.#background = turn.catch(() => undefined);
    return turn;
  }

  async #embed(texts: string[], priority: EmbedPriority): Promise<Embeddings> {
    while (this.#status.state === 'loading') await this.#loading;
    const { state, model, error } = this.#status;
    if (state !== 'ready' || model === null) throw new HearthError('EMBEDDER_NOT_READY', error ? { details: error.message } : {});
    if (texts.length === 0) return { vectors: [], truncated: [], model };
    // Sent now, the request is queued in the worker before any later embedder load, so `model` is the model that embeds.
    const { vectors, truncated } = await this.#supervisor.embed(texts, priority);
    return { vectors: vectors.map((vector) => Float32Array.from(vector)), truncated, model };
  }
}
