import { describe, expect, it } from 'vitest';
import { spendByDay, totalWei } from '../../../renderer/src/wallet-page/spend-by-day.ts';

const day = 86_400;
const mor = (amount: number) => (BigInt(amount * 1000) * 10n ** 15n).toString();
/** 2025-03-10T15:00:00Z, in seconds. */
const now = Date.UTC(2025, 2, 10, 15) / 1000;
const midnight = Date.UTC(2025, 2, 10) / 1000;

describe('MOR spent per UTC day over the last 30 days', () => {
  it('has 30 buckets, oldest first, ending today (UTC), with empty days at 0', () => {
    const days = spendByDay([], now);
    expect(days).toHaveLength(30);
    expect(days[0]!.day).toBe('2025-02-09');
    expect(days[29]!.day).toBe('2025-03-10');
    expect(days[29]!.startsAt).toBe(midnight);
    expect(days.every(({ wei, mor: amount }) => wei === 0n && amount === 0)).toBe(true);
  });

  it('counts each closed session on the UTC day it closed, summing to the wei', () => {
    const sessions = [
      { closedAt: midnight + 10, costWei: mor(0.25) },
      { closedAt: midnight + day - 1 - day, costWei: mor(1.5) }, // yesterday, one second before midnight
      { closedAt: midnight, costWei: '1' }, // today's first second
      { closedAt: midnight - 29 * day, costWei: mor(2) }, // the oldest day shown
      { closedAt: midnight - 30 * day, costWei: mor(100) }, // one day too old
      { closedAt: null, costWei: null }, // still open: nothing spent yet
      { closedAt: midnight + 20, costWei: null }, // closed without a recorded cost
    ];
    const days = spendByDay(sessions, now);
    expect(days[29]!.wei).toBe(BigInt(mor(0.25)) + 1n);
    expect(days[28]!.wei).toBe(BigInt(mor(1.5)));
    expect(days[28]!.mor).toBe(1.5);
    expect(days[0]!.wei).toBe(BigInt(mor(2)));
    expect(totalWei(days)).toBe(BigInt(mor(0.25)) + 1n + BigInt(mor(1.5)) + BigInt(mor(2)));
  });

  it('leaves out a session closed after now (a chain clock ahead of this one)', () => {
    expect(totalWei(spendByDay([{ closedAt: midnight + day + 5, costWei: mor(1) }], now))).toBe(0n);
  });
});
