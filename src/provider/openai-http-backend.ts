/**
 * Answers prompts with any OpenAI-compatible server (llama.cpp server,
 * vLLM, Ollama) by streaming its /v1/chat/completions.
 */
import { HearthError } from '../api/errors.ts';
import type { ChatRequest, CompletionBackend, CompletionStats } from '../completion/completion-backend.ts';

interface StreamChunk {
  choices?: { delta?: { content?: string | null } }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

export class OpenAiHttpBackend implements CompletionBackend {
  readonly #baseUrl: string;
  readonly model: string;

  constructor(baseUrl: string, model: string) {
    this.#baseUrl = baseUrl.replace(/\/+$/, '');
    this.model = model;
  }

  async complete(request: ChatRequest, onText: (text: string) => void, signal: AbortSignal): Promise<CompletionStats> {
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(`${this.#baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...request, model: request.model ?? this.model, stream: true, stream_options: { include_usage: true } }),
        signal,
      });
    } catch (cause) {
      if (signal.aborted) return { inputTokens: 0, outputTokens: 0, ttftMs: 0 };
      throw new HearthError('PROVIDER_BACKEND_FAILED', { details: `cannot reach ${this.#baseUrl}`, cause });
    }
    if (!response.ok || !response.body) {
      throw new HearthError('PROVIDER_BACKEND_FAILED', { details: `${this.#baseUrl} answered HTTP ${response.status}` });
    }
    const stats: CompletionStats = { inputTokens: 0, outputTokens: 0, ttftMs: 0 };
    let buffered = '';
    const onLine = (line: string) => {
      if (!line.startsWith('data:')) return;
      const data = line.slice(5).trim();
      if (data === '' || data === '[DONE]') return;
      let chunk: StreamChunk;
      try {
        chunk = JSON.parse(data) as StreamChunk;
      } catch (cause) {
        throw new HearthError('PROVIDER_BACKEND_FAILED', { details: 'the backend streamed invalid JSON', cause });
      }
      const text = chunk.choices?.[0]?.delta?.content;
      if (text) {
        if (stats.outputTokens === 0) stats.ttftMs = Math.round(performance.now() - started);
        stats.outputTokens++;
        onText(text);
      }
      if (chunk.usage) {
        stats.inputTokens = chunk.usage.prompt_tokens ?? stats.inputTokens;
        stats.outputTokens = chunk.usage.completion_tokens ?? stats.outputTokens;
      }
    };
    try {
      const decoder = new TextDecoder();
      for await (const piece of response.body) {
        buffered += decoder.decode(piece, { stream: true });
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) onLine(line.trimEnd());
      }
      onLine(buffered.trim());
    } catch (error) {
      if (signal.aborted) return stats;
      throw error instanceof HearthError ? error : new HearthError('PROVIDER_BACKEND_FAILED', { details: String(error), cause: error });
    }
    return stats;
  }

  async close(): Promise<void> {
    // Nothing held open between requests.
  }
}
