/**
 * The embedding model's state in the core: which file, whether it can be
 * used, and the id stored with every vector, so that vectors of two
 * different models are never compared.
 */
import path from 'node:path';
import { HearthError, toErrorPayload, type ErrorPayload } from '../api/errors.ts';
import { checkModelFile } from './model-file.ts';
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

  #update(status: EmbedderStatus): void {
    this.#status = status;
    this.#onStatus(status);
  }

  load(modelPath: string, options: EmbedderLoadOptions = {}): Promise<EmbedderStatus> {
    const loading = this.#load(modelPath, options, ++this.#loads);
    this.#loading = loading.catch(() => undefined);
    return loading;
  }

  async #load(modelPath: string, options: EmbedderLoadOptions, load: number): Promise<EmbedderStatus> {
    this.#options = options;
    this.#update({ ...noEmbedder, state: 'loading', path: modelPath, name: path.basename(modelPath, '.gguf') });
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
      if (load === this.#loads) this.#update({ ...this.#status, state: 'error', error: toErrorPayload(error) });
      throw error;
    }
  }

  /** Loads the same model again into a new worker. */
  reload(): void {
    if (this.#status.path === null) return;
    this.load(this.#status.path, this.#options).catch(() => {
      // The status already holds the reason.
    });
  }

  fail(error: HearthError): void {
    this.#update({ ...this.#status, state: 'error', error: error.toPayload() });
  }

  async embed(texts: string[]): Promise<Embeddings> {
    const empty = texts.findIndex((text) => text.length === 0);
    if (empty !== -1) throw new HearthError('INVALID_REQUEST', { details: `text ${empty + 1} of ${texts.length} is empty: there is nothing to embed` });
    while (this.#status.state === 'loading') await this.#loading;
    const { state, model, error } = this.#status;
    if (state !== 'ready' || model === null) throw new HearthError('EMBEDDER_NOT_READY', error ? { details: error.message } : {});
    if (texts.length === 0) return { vectors: [], truncated: [], model };
    // Sent now, the request is queued in the worker before any later embedder load, so `model` is the model that embeds.
    const { vectors, truncated } = await this.#supervisor.embed(texts);
    return { vectors: vectors.map((vector) => Float32Array.from(vector)), truncated, model };
  }
}
