/**
 * The most a reply from a provider can cost, said before anything is sent:
 * the paid time left on an open session Hearth would reuse, or the stake of
 * the 30-minute session it would open (the unused part comes back when it
 * closes).
 */
import type { MarketBidView, MarketSessionView } from '../../../src/api/index.ts';
import { formatMor, shortHex } from '../wallet/units.ts';

/** Paid time of a session Hearth opens for a reply. */
export const NEW_SESSION_SECONDS = 30 * 60;

/** Hearth reuses an open session only with this much paid time left (as the core does); with less it opens another. */
export const REUSE_MIN_SECONDS_LEFT = 120;

export type WorstCase =
  | { kind: 'open-session'; session: MarketSessionView; secondsLeft: number; wei: bigint }
  | { kind: 'new-session'; wei: bigint };

type PricedBid = Pick<MarketBidView, 'id' | 'pricePerSecondWei'>;

/** Paid seconds left on a session at `nowSeconds`, never more than it was opened for (a dev chain's clock may run ahead of this one). */
function secondsLeft(session: MarketSessionView, nowSeconds: number): number {
  if (session.endsAt === null) return 0;
  const left = session.endsAt - nowSeconds;
  return session.openedAt === null ? left : Math.min(left, session.endsAt - session.openedAt);
}

export function worstCase(bid: PricedBid, sessions: readonly MarketSessionView[], nowSeconds: number): WorstCase {
  const price = BigInt(bid.pricePerSecondWei);
  const reusable = sessions
    .filter((session) => session.state === 'open' && session.bid.id.toLowerCase() === bid.id.toLowerCase())
    .map((session) => ({ session, left: secondsLeft(session, nowSeconds) }))
    .filter(({ left }) => left >= REUSE_MIN_SECONDS_LEFT)
    .sort((a, b) => b.left - a.left)[0];
  if (reusable === undefined) return { kind: 'new-session', wei: price * BigInt(NEW_SESSION_SECONDS) };
  return { kind: 'open-session', session: reusable.session, secondsLeft: reusable.left, wei: price * BigInt(reusable.left) };
}

export function worstCaseSentence(bid: Pick<MarketBidView, 'provider'>, worst: WorstCase): string {
  const provider = shortHex(bid.provider);
  if (worst.kind === 'open-session') {
    const minutes = Math.ceil(worst.secondsLeft / 60);
    return `Uses your open session with ${provider} (${minutes} min left); at most ${formatMor(worst.wei)} for this reply.`;
  }
  return `Opens a ${NEW_SESSION_SECONDS / 60}-minute session with ${provider}: at most ${formatMor(worst.wei)} (its stake; the unused part comes back when it closes).`;
}
