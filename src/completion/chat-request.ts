/**
 * A chat turn list as the OpenAI chat-completions request that goes to a
 * provider, and that request as the exact text sent: what leaves the
 * device is measured and hashed from this same text.
 */
import type { ChatTurn, GenerationSettings } from '../engine/protocol.ts';
import type { ChatRequest } from './completion-backend.ts';

export function toChatRequest({ history, prompt, settings }: { history: ChatTurn[]; prompt: string; settings: GenerationSettings }): ChatRequest {
  return {
    messages: [
      ...(settings.systemPrompt === '' ? [] : [{ role: 'system' as const, content: settings.systemPrompt }]),
      ...history.map((turn) => ({ role: turn.role, content: turn.text })),
      { role: 'user' as const, content: prompt },
    ],
    temperature: settings.temperature,
    top_p: settings.topP,
    max_tokens: settings.maxTokens,
    ...(settings.seed === undefined ? {} : { seed: settings.seed }),
    stream: true,
  };
}

/** The request as sent: one JSON text. */
export function chatRequestText(request: ChatRequest): string {
  return JSON.stringify(request);
}
