/**
 * What a typical reply costs on a bid, for comparing providers before
 * asking one: a 300-token reply at the provider's recorded speed, after its
 * recorded wait for the first token, paid for each second begun (as the
 * marketplace charges it).
 */
import type { MarketBidView } from '../../../src/api/index.ts';

/** The length of a typical reply, in tokens. */
export const TYPICAL_REPLY_TOKENS = 300;

/** The speed assumed for a provider with no record yet (tokens per second). */
export const UNKNOWN_SPEED_TOKENS_PER_SECOND = 20;

export interface ReplyPrice {
  /** Whole seconds the reply is paid for. */
  seconds: number;
  wei: bigint;
}

export function typicalReplyPrice(bid: Pick<MarketBidView, 'pricePerSecondWei' | 'stats'>): ReplyPrice {
  const { tokensPerSecond, ttftMs } = bid.stats;
  const speed = tokensPerSecond > 0 ? tokensPerSecond : UNKNOWN_SPEED_TOKENS_PER_SECOND;
  // Whole milliseconds first, so that float noise never bills one more second.
  const totalMs = Math.round(ttftMs + (TYPICAL_REPLY_TOKENS * 1000) / speed);
  const seconds = Math.ceil(totalMs / 1000);
  return { seconds, wei: BigInt(seconds) * BigInt(bid.pricePerSecondWei) };
}
