/**
 * The consumer's side of the completion seam: a chat request answered by a
 * provider through a session already open on chain. Each streamed chunk is
 * an OpenAI stream chunk (checked and decrypted by the MOR-RPC client); a
 * stream that ends without its final chunk was cut, and says so, and a
 * provider that cannot be reached is named as such.
 */
import { z } from 'zod';
import { HearthError } from '../../api/errors.ts';
import { chatRequestText } from '../../completion/chat-request.ts';
import type { ChatRequest, CompletionBackend, CompletionStats } from '../../completion/completion-backend.ts';
import { MorRpcClient } from './client.ts';
import type { Hex } from './messages.ts';
import { parseMessage } from './schemas.ts';

export interface SessionBackendOptions {
  /** The provider's endpoint as registered on chain: "host:port". */
  endpoint: string;
  sessionId: Hex;
  /** The session's own key: signs the prompts, decrypts the replies. */
  sessionKey: Uint8Array;
  /** The provider's public key, from its approval of the session. */
  providerPublicKey: Hex;
  /** The model's name, as the chat shows it. */
  model: string;
}

const streamChunkSchema = z.object({
  choices: z.array(z.object({
    delta: z.object({ content: z.string().nullish() }).optional(),
    finish_reason: z.string().nullish(),
  })),
  usage: z.object({ prompt_tokens: z.number().int().nonnegative(), completion_tokens: z.number().int().nonnegative() }).nullish(),
});

/** "host:port", or "[v6 address]:port". */
export function parseEndpoint(endpoint: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d{1,5})$/.exec(endpoint);
  const port = match ? Number(match[3]) : 0;
  if (!match || port < 1 || port > 65_535) {
    throw new HearthError('PROVIDER_ENDPOINT_INVALID', { details: `the endpoint is ${JSON.stringify(endpoint.slice(0, 200))}` });
  }
  return { host: match[1] ?? match[2]!, port };
}

export class SessionBackend implements CompletionBackend {
  readonly model: string;
  readonly #sessionId: Hex;
  readonly #client: MorRpcClient;

  constructor(options: SessionBackendOptions) {
    this.model = options.model;
    this.#sessionId = options.sessionId;
    this.#client = new MorRpcClient({ ...parseEndpoint(options.endpoint), sessionKey: options.sessionKey, providerPublicKey: options.providerPublicKey });
  }

  async complete(request: ChatRequest, onText: (text: string) => void, signal: AbortSignal): Promise<CompletionStats> {
    const started = performance.now();
    const stats: CompletionStats = { inputTokens: 0, outputTokens: 0, ttftMs: 0 };
    let pieces = 0;
    let finished = false;
    try {
      await this.#client.prompt(this.#sessionId, chatRequestText(request), (text) => {
        const chunk = parseMessage(text, streamChunkSchema);
        const content = chunk.choices[0]?.delta?.content;
        if (content) {
          if (pieces++ === 0) stats.ttftMs = Math.round(performance.now() - started);
          onText(content);
        }
        if (chunk.usage) {
          stats.inputTokens = chunk.usage.prompt_tokens;
          stats.outputTokens = chunk.usage.completion_tokens;
        }
        if (chunk.choices[0]?.finish_reason) finished = true;
      }, signal);
    } catch (error) {
      // Stopped: the provider's token counts come with its final chunk, so a cut reply's stay 0 (unknown).
      if (signal.aborted) return stats;
      if (error instanceof HearthError && error.code === 'CONNECTION_LOST') {
        throw new HearthError('PROVIDER_UNREACHABLE', { ...(error.details ? { details: error.details } : {}), cause: error });
      }
      throw error;
    }
    if (signal.aborted) return stats;
    if (!finished) throw new HearthError('MORRPC_INCOMPLETE', { details: 'the provider closed the connection before the reply ended' });
    return stats;
  }

  async close(): Promise<void> {
    // Each prompt is its own connection: nothing is held open. The session itself is closed on chain by its owner.
  }
}
