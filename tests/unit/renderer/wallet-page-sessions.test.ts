import { describe, expect, it } from 'vitest';
import { isActive, isRecent, stateLabel, timeLeft } from '../../../renderer/src/wallet-page/session-times.ts';

const now = 1_750_000_000;
const day = 86_400;

describe('which sessions the Wallet page lists where', () => {
  it('lists opening, open and closing sessions as open', () => {
    const states = ['opening', 'open', 'closing', 'closed', 'expired', 'failed'] as const;
    expect(states.filter((state) => isActive({ state }))).toEqual(['opening', 'open', 'closing']);
    expect(stateLabel('expired')).toBe('Expired');
  });

  it('keeps sessions opened or closed in the last 30 days, and those not opened yet', () => {
    expect(isRecent({ openedAt: now - 2 * day, closedAt: null }, now)).toBe(true);
    expect(isRecent({ openedAt: now - 31 * day, closedAt: now - 29 * day }, now)).toBe(true);
    expect(isRecent({ openedAt: now - 40 * day, closedAt: now - 31 * day }, now)).toBe(false);
    expect(isRecent({ openedAt: null, closedAt: null }, now)).toBe(true);
  });
});

describe('the time an open session has left', () => {
  it('counts whole minutes down to under one, then ended', () => {
    expect(timeLeft({ state: 'open', endsAt: now + 30 * 60 }, now)).toBe('30 min');
    expect(timeLeft({ state: 'open', endsAt: now + 119 }, now)).toBe('1 min');
    expect(timeLeft({ state: 'open', endsAt: now + 59 }, now)).toBe('under 1 min');
    expect(timeLeft({ state: 'open', endsAt: now }, now)).toBe('ended');
  });

  it('says what a session on its way is doing', () => {
    expect(timeLeft({ state: 'opening', endsAt: null }, now)).toBe('opening…');
    expect(timeLeft({ state: 'closing', endsAt: now + 600 }, now)).toBe('closing…');
  });
});
