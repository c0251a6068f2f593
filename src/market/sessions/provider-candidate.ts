/**
 * A ranked bid as a candidate for a reply (../../chat/failover-reply-source.ts):
 * reached, it reuses the open session on that bid with time left, or opens one.
 * The stake is worked out (chain reads) only then, and only for a new session:
 * not for every ranked bid before the reply can start.
 */
import type { ReplyCandidate } from '../../chat/failover-reply-source.ts';
import type { ProviderSessions, SessionTarget } from './provider-sessions.ts';

export interface CandidateOptions {
  stake: () => Promise<bigint>;
  /** Told when this candidate opened a new session (the window lists sessions). */
  onOpened?: () => void;
}

export function providerCandidate(sessions: ProviderSessions, target: SessionTarget, { stake, onOpened }: CandidateOptions): ReplyCandidate {
  return {
    provider: target.provider.address,
    model: target.model.name,
    async open(signal) {
      const { record, transactions } = await sessions.sessionFor(target, { stake });
      if (transactions.length > 0) onOpened?.();
      signal.throwIfAborted();
      return sessions.replySource(record, transactions);
    },
  };
}
