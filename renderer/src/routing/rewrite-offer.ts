/**
 * Which "write again" the latest reply offers beside Regenerate: on a
 * provider when this computer wrote it and a provider may be used, here
 * when a provider wrote it. Written again elsewhere, it teaches the routing
 * policy the person's taste.
 */
import type { Message } from '../../../src/api/index.ts';

export function rewriteOffer(message: Message, providersAllowed: boolean): 'provider' | 'local' | null {
  if (message.role !== 'assistant' || message.status === 'streaming') return null;
  if (message.remote != null) return 'local';
  return providersAllowed ? 'provider' : null;
}

export const rewriteLabels = { provider: 'Write again on a provider', local: 'Write again here' } as const;
