/**
 * Path (a) of the benchmark: node-llama-cpp in this process, set up the way
 * the inference worker sets itself up (src/engine/worker.ts): one context,
 * one chat session reused, history reset to the system prompt per reply.
 */
import { LlamaChatSession, type Llama, type LlamaContext, type LlamaModel } from 'node-llama-cpp';
import { startLlama } from '../../src/engine/start-llama.ts';
import type { GenerationSettings } from '../../src/engine/protocol.ts';
import { createChunkClock, type ReplyMeasurement } from './measurement.ts';

export interface BareRunnerOptions {
  modelPath: string;
  contextSize: number;
  threads: number;
  settings: GenerationSettings;
}

export interface BareRunner {
  contextSize: number;
  threads: number;
  gpu: string | false;
  chatWrapper: string;
  reply(prompt: string): Promise<ReplyMeasurement>;
  close(): Promise<void>;
}

export async function startBareRunner({ modelPath, contextSize, threads, settings }: BareRunnerOptions): Promise<BareRunner> {
  // The backend the inference worker starts (a GPU build with no device counts as none).
  const llama: Llama = await startLlama();
  const model: LlamaModel = await llama.loadModel({ modelPath });
  const context: LlamaContext = await model.createContext({ contextSize, threads });
  const session = new LlamaChatSession({ contextSequence: context.getSequence() });

  return {
    contextSize: context.contextSize,
    threads: context.currentThreads,
    gpu: llama.gpu,
    chatWrapper: session.chatWrapper.wrapperName,
    async reply(prompt) {
      const clock = createChunkClock(performance.now());
      let tokens = 0;
      session.setChatHistory([{ type: 'system', text: settings.systemPrompt }]);
      await session.promptWithMeta(prompt, {
        maxTokens: settings.maxTokens,
        temperature: settings.temperature,
        topK: settings.topK,
        topP: settings.topP,
        ...(settings.seed === undefined ? {} : { seed: settings.seed }),
        onToken: (chunk) => void (tokens += chunk.length),
        onTextChunk: (text) => clock.chunk(text),
      });
      return clock.finish(tokens);
    },
    async close() {
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}
