/**
 * The inference worker: the only process that loads GGUF files. A
 * malformed file can abort it (GGML_ASSERT); the core's supervisor sees
 * the exit, reports it and starts a new worker.
 */
import os from 'node:os';
import path from 'node:path';
import { GgufFileType, readGgufFileInfo, type Llama, type LlamaContext, type LlamaModel } from 'node-llama-cpp';
import { parentChannel } from '../common/parent-channel.ts';
import { calibrateThreads } from './calibrate.ts';
import { startLlama } from './start-llama.ts';
import { contextSizeOption, fallbackReasonOf, firstAttempt, isOutOfMemory, nextAttempt, withSequencesThatFit, type LoadAttempt } from './load-plan.ts';
import {
  cpuOnlyFlag, type CalibrationTrial, type EmbedPriority, type FromWorker, type GenerateRequest, type HardwareInfo, type LoadRequest, type ModelFileInfo,
  type ToWorker,
} from './protocol.ts';
import { createReplyTimer } from './reply-timer.ts';
import { replyCannotStart } from './reply-start.ts';
import { createTokenBatcher } from './token-batcher.ts';
import { embed, loadEmbedder } from './worker-embed.ts';
import { checkCpuLoadFits } from './worker-fit.ts';
import { toChatHistory } from './chat-history.ts';
import { draft } from './worker-draft.ts';
import { generateWithFunctions, usesFunctionCalling } from './worker-functions.ts';
import { generateJson, type ChatModel } from './worker-json.ts';
import { SequencePool } from './worker-sequences.ts';

const useGpu = !process.argv.includes(cpuOnlyFlag);
let backend: Promise<Llama> | undefined;
let loaded: { model: LlamaModel; context: LlamaContext; sequences: SequencePool } | undefined;
const stopControllers = new Map<string, AbortController>();
/**
 * Requests take their turns in the order they came. A reply's turn ends once
 * it has a sequence of its own, so the next one starts beside it while
 * sequences are free (one sequence: one reply at a time); a load or an
 * inspection waits until no reply is being written.
 */
let turns: Promise<void> = Promise.resolve();
/**
 * The embedding model has its own contexts and queues, one per priority, so
 * texts are embedded while a reply streams and a question's embedding runs
 * beside a document's: llama.cpp computes them at once.
 */
const embeddingQueues: Record<EmbedPriority, Promise<void>> = { interactive: Promise.resolve(), background: Promise.resolve() };

const core = parentChannel();

function send(message: FromWorker): void {
  core.send(message);
}

/** llama.cpp's backend, started once per worker (both queues may ask at once): GPU when one works and is allowed, else CPU. */
function ensureLlama(): Promise<Llama> {
  backend ??= startLlama({ gpu: useGpu }).catch((error: unknown) => {
    backend = undefined;
    throw error;
  });
  return backend;
}

async function unload(): Promise<void> {
  if (!loaded) return;
  const { model, context } = loaded;
  loaded = undefined;
  await context.dispose();
  await model.dispose();
}

/** One try at loading: the model with the attempt's GPU layers, calibrated threads, and a context that fits. */
async function loadWith(llama: Llama, request: LoadRequest, attempt: LoadAttempt): Promise<{ model: LlamaModel; context: LlamaContext; threads: number; calibration: CalibrationTrial[] | null }> {
  if (attempt.gpuLayers === 0) await checkCpuLoadFits(llama, request.modelPath);
  const model = await llama.loadModel({ modelPath: request.modelPath, gpuLayers: attempt.gpuLayers });
  try {
    const contextSize = contextSizeOption(model.trainContextSize, request.contextSize);
    let threads = request.threads;
    let calibration = null;
    if (threads === undefined) {
      send({ type: 'calibrating' });
      calibration = await calibrateThreads(model, typeof contextSize === 'number' ? contextSize : contextSize.min);
      threads = calibration[0]!.threads;
    }
    const context = await withSequencesThatFit(request.parallelReplies ?? 1, (sequences) => model.createContext({ contextSize, threads, sequences }));
    return { model, context, threads, calibration };
  } catch (error) {
    await model.dispose();
    throw error;
  }
}

async function load(request: LoadRequest): Promise<void> {
  try {
    const llama = await ensureLlama();
    await unload();
    let attempt: LoadAttempt | null = firstAttempt(llama.gpu, request.cpuFallbackReason);
    let result: Awaited<ReturnType<typeof loadWith>> | undefined;
    while (!result) {
      try {
        result = await loadWith(llama, request, attempt);
      } catch (error) {
        attempt = nextAttempt(attempt, error);
        if (!attempt) throw error;
      }
    }
    const { model, context, threads, calibration } = result;
    loaded = { model, context, sequences: new SequencePool(context) };
    // Some files name themselves only by architecture ("llama"); the file name says more then.
    const general = model.fileInfo.metadata.general;
    const name = general?.name && general.name !== general.architecture ? general.name : path.basename(request.modelPath, '.gguf');
    send({
      type: 'loaded',
      info: {
        // Each sequence has the whole context size to itself: this is the room of one reply.
        name, threads, contextSize: context.contextSize, parallelReplies: context.totalSequences, gpu: model.gpuLayers > 0 ? llama.gpu : false,
        gpuLayers: model.gpuLayers, fallbackReason: fallbackReasonOf(llama.gpu, model.gpuLayers, attempt), calibration,
      },
    });
  } catch (error) {
    send({ type: 'load-failed', failure: isOutOfMemory(error) ? 'too-large' : 'invalid', details: (error as Error).message });
  }
}

async function inspect(requestId: string, modelPath: string): Promise<void> {
  try {
    const llama = await ensureLlama();
    const { metadata } = await readGgufFileInfo(modelPath, { readTensorInfo: false });
    // llama.cpp must accept the file too: a vocabulary-only load reads the header values it asserts on, without the weights.
    const model = await llama.loadModel({ modelPath, vocabOnly: true });
    await model.dispose();
    const general = metadata.general;
    const architecture = general?.architecture ?? null;
    const architectureKeys = architecture ? (metadata as Record<string, { context_length?: unknown } | undefined>)[architecture] : undefined;
    const fileType = general?.file_type === undefined ? undefined : GgufFileType[general.file_type];
    const info: ModelFileInfo = {
      name: general?.name ?? null,
      architecture,
      quantization: fileType ? fileType.replace(/^(MOSTLY|ALL)_/, '') : null,
      contextLength: typeof architectureKeys?.context_length === 'number' ? architectureKeys.context_length : null,
      licence: general?.license ?? null,
    };
    send({ type: 'inspected', requestId, info });
  } catch (error) {
    send({ type: 'inspect-failed', requestId, details: (error as Error).message });
  }
}

async function detectHardware(requestId: string): Promise<void> {
  let memory: Omit<HardwareInfo, 'cpuCores'>;
  try {
    const llama = await ensureLlama();
    const [vram, ram] = await Promise.all([llama.getVramState(), llama.getRamState()]);
    memory = { gpu: llama.gpu, vramTotalBytes: vram.total, vramFreeBytes: vram.free, ramTotalBytes: ram.total, ramFreeBytes: ram.free };
  } catch {
    // No usable llama.cpp backend: the models can still be judged for the CPU by the system's memory.
    memory = { gpu: false, vramTotalBytes: 0, vramFreeBytes: 0, ramTotalBytes: os.totalmem(), ramFreeBytes: os.freemem() };
  }
  send({ type: 'hardware-detected', requestId, info: { ...memory, cpuCores: os.availableParallelism() } });
}

async function generate(chat: ChatModel | undefined, request: GenerateRequest, signal: AbortSignal): Promise<void> {
  const { requestId, settings } = request;
  const timer = createReplyTimer();
  if (!chat) {
    send({ type: 'failed', requestId, failure: 'no-model', details: 'no model is loaded' });
    return;
  }
  const refusal = replyCannotStart(chat, request, signal, () => timer.stats());
  if (refusal !== null) {
    send(refusal);
    return;
  }
  const tokens = createTokenBatcher((text) => send({ type: 'token', requestId, text }));
  const { session } = chat;
  const { sequence } = session;
  // When the first reply token arrives, the context holds exactly the formatted system prompt, history and message.
  let promptTokens = 0;
  try {
    session.setChatHistory(toChatHistory(settings.systemPrompt, request.history));
    const result = await session.promptWithMeta(request.prompt, {
      signal,
      stopOnAbortSignal: true,
      maxTokens: settings.maxTokens,
      temperature: settings.temperature,
      topK: settings.topK,
      topP: settings.topP,
      ...(settings.seed === undefined ? {} : { seed: settings.seed }),
      onToken: (tokens) => {
        if (promptTokens === 0) promptTokens = sequence.nextTokenIndex;
        timer.addTokens(tokens.length);
      },
      onTextChunk: (text) => tokens.push(text),
    });
    tokens.flush();
    send({ type: 'done', requestId, stopped: result.stopReason === 'abort', stats: timer.stats(), promptTokens });
  } catch (error) {
    tokens.flush();
    // Stopped while the prompt was still being read: that is a stop, not a failure.
    if (signal.aborted) {
      send({ type: 'done', requestId, stopped: true, stats: timer.stats(), promptTokens });
      return;
    }
    send({ type: 'failed', requestId, failure: 'other', details: (error as Error).message });
  }
}

/**
 * Queues a request for a sequence of the chat model, which `stop` may end
 * early: once one is free the request runs on it, and the next request's
 * turn begins. Without a model it runs at once, to answer that.
 */
function queueOnSequence(requestId: string, run: (chat: ChatModel | undefined, signal: AbortSignal) => Promise<void>): void {
  const controller = new AbortController();
  stopControllers.set(requestId, controller);
  turns = turns.then(async () => {
    const chat = loaded;
    if (!chat) {
      await run(undefined, controller.signal);
      stopControllers.delete(requestId);
      return;
    }
    const session = await chat.sequences.acquire();
    void run({ model: chat.model, context: chat.context, session }, controller.signal).finally(() => {
      chat.sequences.release(session);
      stopControllers.delete(requestId);
    });
  });
}

/** Queues a step that runs only while no reply is being written, as loads and inspections always have: a load replaces the replies' context. */
function queueAlone(step: () => Promise<void>): void {
  turns = turns.then(async () => {
    await loaded?.sequences.whenIdle();
    await step();
  });
}

core.onMessage((received) => {
  const message = received as ToWorker;
  switch (message.type) {
    case 'load':
      queueAlone(() => load(message));
      break;
    case 'generate':
      queueOnSequence(message.requestId, (chat, signal) => usesFunctionCalling(message) ? generateWithFunctions(chat, message, signal, send) : generate(chat, message, signal));
      break;
    case 'generate-json':
      queueOnSequence(message.requestId, async (chat, signal) => send(await generateJson(chat, message, signal)));
      break;
    case 'draft':
      queueOnSequence(message.requestId, async (chat) => send(await draft(chat, message)));
      break;
    case 'count-tokens':
      // Tokenizing reads only the vocabulary: it need not wait behind a reply being written.
      send(loaded
        ? { type: 'counted', requestId: message.requestId, counts: message.texts.map((text) => loaded!.model.tokenize(text).length) }
        : { type: 'failed', requestId: message.requestId, failure: 'no-model', details: 'no model is loaded' });
      break;
    case 'load-embedder': {
      // Both queues wait for the load, and the load for both: it replaces the contexts they use.
      const loading = Promise.all([embeddingQueues.interactive, embeddingQueues.background]).then(async () => send(await loadEmbedder(ensureLlama, message)));
      embeddingQueues.interactive = loading;
      embeddingQueues.background = loading;
      break;
    }
    case 'embed':
      embeddingQueues[message.priority] = embeddingQueues[message.priority].then(async () => send(await embed(message)));
      break;
    case 'stop':
      stopControllers.get(message.requestId)?.abort();
      break;
    case 'inspect':
      queueAlone(() => inspect(message.requestId, message.modelPath));
      break;
    case 'detect-hardware':
      void detectHardware(message.requestId);
      break;
  }
});

// The core asking this process to leave, or its channel closing, means the core is gone or done: leave with it.
core.onExitRequest(() => process.exit(0));
