/**
 * MOR spent per UTC day over the last days, for the Wallet page's chart:
 * each closed session's cost counts on the UTC day it closed (the
 * contract's own day); sessions still open have not spent anything yet.
 */
import { formatEther } from 'viem';
import type { MarketSessionView } from '../../../src/api/index.ts';

const daySeconds = 86_400;

export interface SpendDay {
  /** The UTC day, as YYYY-MM-DD. */
  day: string;
  /** Its start, UTC midnight, in seconds. */
  startsAt: number;
  wei: bigint;
  /** The same amount in MOR, as a number the chart can draw. */
  mor: number;
}

/** One bucket for each of the `days` UTC days ending today (oldest first); days without spending are 0. */
export function spendByDay(sessions: readonly Pick<MarketSessionView, 'closedAt' | 'costWei'>[], nowSeconds: number, days = 30): SpendDay[] {
  const today = Math.floor(nowSeconds / daySeconds);
  const first = today - days + 1;
  const sums = Array.from({ length: days }, () => 0n);
  for (const { closedAt, costWei } of sessions) {
    if (closedAt === null || costWei === null) continue;
    const index = Math.floor(closedAt / daySeconds) - first;
    if (index >= 0 && index < days) sums[index]! += BigInt(costWei);
  }
  return sums.map((wei, index) => {
    const startsAt = (first + index) * daySeconds;
    return { day: new Date(startsAt * 1000).toISOString().slice(0, 10), startsAt, wei, mor: Number(formatEther(wei)) };
  });
}

export const totalWei = (days: readonly SpendDay[]): bigint => days.reduce((sum, { wei }) => sum + wei, 0n);
