/**
 * Answers prompts with Hearth's own supervised inference worker: the
 * OpenAI request's system messages become the system prompt, earlier
 * turns the history, and the last user message the prompt.
 */
import { HearthError } from '../api/errors.ts';
import type { Engine } from '../engine/engine.ts';
import type { ChatTurn, GenerationSettings } from '../engine/protocol.ts';
import type { ChatRequest, CompletionBackend, CompletionStats } from '../completion/completion-backend.ts';

const defaultMaxTokens = 256;

export function toEngineChat(request: ChatRequest): { systemPrompt: string; history: ChatTurn[]; prompt: string } {
  const systemPrompt = request.messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => m.content).join('\n\n');
  const turns: ChatTurn[] = request.messages
    .filter((m) => m.role === 'user' || m.role === 'assistant')
    .map((m) => ({ role: m.role as ChatTurn['role'], text: m.content }));
  const last = turns.pop();
  if (!last || last.role !== 'user') {
    throw new HearthError('MORRPC_MALFORMED', { details: 'the chat request must end with a user message' });
  }
  return { systemPrompt, history: turns, prompt: last.text };
}

/** The request as a reply is written from it: its turns, its last user message, and its settings over Hearth's defaults. */
export function toReplyRequest(request: ChatRequest): { history: ChatTurn[]; prompt: string; settings: GenerationSettings } {
  const { systemPrompt, history, prompt } = toEngineChat(request);
  return {
    history,
    prompt,
    settings: {
      systemPrompt,
      temperature: request.temperature ?? 0.7,
      topK: 40,
      topP: request.top_p ?? 0.9,
      maxTokens: request.max_tokens ?? defaultMaxTokens,
      ...(request.seed === undefined ? {} : { seed: request.seed }),
    },
  };
}

export class EngineBackend implements CompletionBackend {
  readonly #engine: Engine;
  readonly model: string;

  constructor(engine: Engine, model: string) {
    this.#engine = engine;
    this.model = model;
  }

  async complete(request: ChatRequest, onText: (text: string) => void, signal: AbortSignal): Promise<CompletionStats> {
    const { requestId, result } = this.#engine.generate(toReplyRequest(request), onText);
    const stop = () => this.#engine.stop(requestId);
    // The client may have gone while the request was being checked.
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
    try {
      const { stats, promptTokens } = await result;
      return { inputTokens: promptTokens, outputTokens: stats.tokens, ttftMs: Math.round(stats.ttftMs) };
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  close(): Promise<void> {
    return this.#engine.close();
  }
}
