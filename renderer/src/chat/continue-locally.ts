/** When a provider's reply can be written on by the local model: it was cut (failed or stopped) after some text, and nothing follows it. */
import type { Message } from '../../../src/api/index.ts';

export function canContinueLocally(message: Message, isLatest: boolean): boolean {
  return (
    isLatest &&
    message.role === 'assistant' &&
    message.remote != null &&
    (message.status === 'error' || message.status === 'interrupted') &&
    message.content !== ''
  );
}
