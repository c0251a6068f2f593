/**
 * A reply source (this computer, or a provider session with its failover)
 * answering an OpenAI chat request, as the local API answers apps: the
 * request's system messages, turns and last user message become the reply
 * request; a failure after text had come is thrown once what came is sent.
 */
import type { ChatRequest, CompletionBackend, CompletionStats } from '../completion/completion-backend.ts';
import { toReplyRequest } from '../provider/engine-backend.ts';
import type { ReplySource } from './reply-source.ts';

export function replySourceBackend(source: ReplySource): CompletionBackend {
  return {
    model: source.model ?? 'hearth',
    async complete(request: ChatRequest, onText: (text: string) => void, signal: AbortSignal): Promise<CompletionStats> {
      await source.prepare(signal);
      const outcome = await source.write(toReplyRequest(request), onText, signal);
      if (outcome.error !== undefined) throw outcome.error;
      return {
        inputTokens: outcome.remote?.inputTokens ?? 0,
        outputTokens: outcome.stats?.tokens ?? 0,
        ttftMs: Math.round(outcome.stats?.ttftMs ?? 0),
      };
    },
    // The source belongs to the market or the engine, which close it themselves.
    close: async () => undefined,
  };
}
