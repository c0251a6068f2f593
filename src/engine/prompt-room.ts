import type { LlamaModel } from 'node-llama-cpp';

/** The part of the context a message may take; the rest is kept for the system prompt and the reply. */
export const promptShareOfContext = 0.75;

/**
 * Why a message is too long for the context, or null when it fits.
 * node-llama-cpp would quietly cut a prompt that does not fit; the user
 * must know instead.
 */
export function promptTooLong(model: LlamaModel, contextSize: number, prompt: string): string | null {
  const messageTokens = model.tokenize(prompt).length;
  const room = Math.floor(contextSize * promptShareOfContext);
  if (messageTokens <= room) return null;
  return `the message is ${messageTokens} tokens; this model's context holds ${contextSize}, and ${room} of them can be the message`;
}
