/**
 * A chat-completions request as apps send it to OpenAI, read into the
 * ChatRequest Hearth's backends answer. Apps send a message's text as a
 * string or as text parts (images and audio are refused: the local model
 * reads text only), and newer ones name the reply's bound
 * max_completion_tokens.
 */
import { z } from 'zod';
import { chatRequestSchema, type ChatRequest } from '../../completion/completion-backend.ts';

const textPart = z.object({ type: z.literal('text'), text: z.string() });

const content = z.union([
  z.string(),
  z.array(textPart).max(1000).transform((parts) => parts.map((part) => part.text).join('')),
  // An assistant turn that only called tools has no text.
  z.null().transform(() => ''),
]);

const message = chatRequestSchema.shape.messages.element.extend({ content: content.pipe(z.string().max(1_000_000)) });

export const chatCompletionRequestSchema = chatRequestSchema
  .extend({
    model: z.string().min(1).max(256),
    messages: z.array(message).min(1).max(1000),
    max_completion_tokens: chatRequestSchema.shape.max_tokens,
    /** One reply per request: the engine writes one at a time. */
    n: z.literal(1).optional(),
  })
  .refine((request) => request.messages.findLast((m) => m.role === 'user' || m.role === 'assistant')?.role === 'user', {
    message: 'the conversation must end with a user message',
    path: ['messages'],
  });

export type ChatCompletionRequest = z.output<typeof chatCompletionRequestSchema>;

export function toChatRequest({ model, messages, temperature, top_p, max_tokens, max_completion_tokens, seed, stream }: ChatCompletionRequest): ChatRequest {
  const maxTokens = max_completion_tokens ?? max_tokens;
  return {
    model,
    messages,
    ...(temperature === undefined ? {} : { temperature }),
    ...(top_p === undefined ? {} : { top_p }),
    ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }),
    ...(seed === undefined ? {} : { seed }),
    ...(stream === undefined ? {} : { stream }),
  };
}
