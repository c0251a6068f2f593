/**
 * What answers a chat request, on either side of the market: the
 * provider's backend (Hearth's own inference worker or an
 * OpenAI-compatible HTTP server), and the consumer's open session with a
 * provider. A MOR-RPC prompt carries an OpenAI chat-completions request;
 * backends stream the reply's text.
 */
import { z } from 'zod';

export const chatRequestSchema = z.object({
  model: z.string().optional(),
  messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant', 'developer', 'tool']), content: z.string().max(1_000_000) })).min(1).max(1000),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().gt(0).max(1).optional(),
  max_tokens: z.number().int().positive().max(1_000_000).optional(),
  seed: z.number().int().optional(),
  stream: z.boolean().optional(),
});

export type ChatRequest = z.output<typeof chatRequestSchema>;

export interface CompletionStats {
  inputTokens: number;
  outputTokens: number;
  /** Time to the first piece of text, from the start of generation. */
  ttftMs: number;
}

export interface CompletionBackend {
  /** The model name put in each OpenAI chunk. */
  readonly model: string;
  /** Streams the reply's text; `signal` stops it early (the promise then resolves with what was made). */
  complete(request: ChatRequest, onText: (text: string) => void, signal: AbortSignal): Promise<CompletionStats>;
  close(): Promise<void>;
}
