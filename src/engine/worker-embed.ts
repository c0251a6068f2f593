/**
 * The embedding model, held in the worker beside the chat model. Two
 * embedding contexts on it, one per priority, each embedding its texts one
 * after another: a question is embedded beside a document's chunk, not
 * after it. They are created again only when another model is loaded.
 */
import path from 'node:path';
import type { Llama, LlamaEmbeddingContext, LlamaModel, Token } from 'node-llama-cpp';
import { firstAttempt, isOutOfMemory, nextAttempt, type LoadAttempt } from './load-plan.ts';
import type { EmbedderInfo, EmbedderLoadRequest, EmbedPriority, EmbedRequest, FromWorker } from './protocol.ts';
import { checkCpuLoadFits } from './worker-fit.ts';

/** Chunks and queries are a few hundred tokens; a longer context only costs memory. */
const defaultMaxContextSize = 2048;

interface Embedder {
  /** What was asked for: the same request again keeps this embedder. */
  key: string;
  model: LlamaModel;
  contexts: Record<EmbedPriority, LlamaEmbeddingContext>;
  info: EmbedderInfo;
  /** Tokens of a text that fit: llama.cpp refuses an input as long as the context, begin/end tokens included. */
  textTokenRoom: number;
}

let embedder: Embedder | undefined;

class UnsupportedEmbedderError extends Error {}

async function unload(): Promise<void> {
  if (!embedder) return;
  const { model, contexts } = embedder;
  embedder = undefined;
  await contexts.interactive.dispose();
  await contexts.background.dispose();
  await model.dispose();
}

async function loadWith(llama: Llama, request: EmbedderLoadRequest, attempt: LoadAttempt): Promise<Omit<Embedder, 'key'>> {
  if (attempt.gpuLayers === 0) await checkCpuLoadFits(llama, request.modelPath);
  const model = await llama.loadModel({ modelPath: request.modelPath, gpuLayers: attempt.gpuLayers });
  try {
    if (model.fileInsights.hasEncoder && model.fileInsights.hasDecoder) {
      throw new UnsupportedEmbedderError('llama.cpp computes no embeddings with encoder-decoder models');
    }
    const contextSize = Math.min(model.trainContextSize, request.contextSize ?? defaultMaxContextSize);
    // The whole input in one batch: models that read in both directions (BERT) need it all at once.
    const createContext = () => model.createEmbeddingContext({ contextSize, batchSize: contextSize, threads: request.threads ?? llama.cpuMathCores });
    const contexts = { interactive: await createContext(), background: await createContext() };
    const context = contexts.interactive;
    const general = model.fileInfo.metadata.general;
    const name = general?.name && general.name !== general.architecture ? general.name : path.basename(request.modelPath, '.gguf');
    const info: EmbedderInfo = {
      name, dimensions: model.embeddingVectorSize, contextSize, gpu: model.gpuLayers > 0 ? llama.gpu : false, gpuLayers: model.gpuLayers,
    };
    return { model, contexts, info, textTokenRoom: contextSize - 1 - context.calculateInputLength([]) };
  } catch (error) {
    await model.dispose();
    throw error;
  }
}

export async function loadEmbedder(ensureLlama: () => Promise<Llama>, request: EmbedderLoadRequest): Promise<FromWorker> {
  const { requestId } = request;
  const key = JSON.stringify([request.modelPath, request.threads, request.contextSize]);
  if (embedder?.key === key) return { type: 'embedder-loaded', requestId, info: embedder.info };
  try {
    const llama = await ensureLlama();
    await unload();
    let attempt: LoadAttempt | null = firstAttempt(llama.gpu);
    while (!embedder) {
      try {
        embedder = { key, ...(await loadWith(llama, request, attempt)) };
      } catch (error) {
        attempt = error instanceof UnsupportedEmbedderError ? null : nextAttempt(attempt, error);
        if (!attempt) throw error;
      }
    }
    return { type: 'embedder-loaded', requestId, info: embedder.info };
  } catch (error) {
    const failure = error instanceof UnsupportedEmbedderError ? 'unsupported' : isOutOfMemory(error) ? 'too-large' : 'invalid';
    return { type: 'embedder-load-failed', requestId, failure, details: (error as Error).message };
  }
}

/** Scales a vector to length 1, so that comparing two is a dot product. */
function normalise(vector: readonly number[]): number[] {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const length = Math.sqrt(sum);
  if (!(length > 0) || !Number.isFinite(length)) throw new Error(`the model gave a vector of length ${length}, which has no direction`);
  return vector.map((value) => value / length);
}

export async function embed(request: EmbedRequest): Promise<FromWorker> {
  const { requestId } = request;
  const current = embedder;
  if (!current) return { type: 'embed-failed', requestId, failure: 'no-embedder', details: 'no embedding model is loaded' };
  const vectors: number[][] = [];
  const truncated: boolean[] = [];
  try {
    for (const text of request.texts) {
      const tokens: Token[] = current.model.tokenize(text);
      // A text longer than the context is embedded by its beginning, and says so.
      const cut = tokens.length > current.textTokenRoom;
      const { vector } = await current.contexts[request.priority].getEmbeddingFor(cut ? tokens.slice(0, current.textTokenRoom) : tokens);
      vectors.push(normalise(vector));
      truncated.push(cut);
    }
    return { type: 'embedded', requestId, vectors, truncated };
  } catch (error) {
    return { type: 'embed-failed', requestId, failure: 'other', details: `text ${vectors.length + 1} of ${request.texts.length}: ${(error as Error).message}` };
  }
}
