/** The most a provider's reply can cost, said before sending: the time left on an open session reused, or a new session's stake. */
import { describe, expect, it } from 'vitest';
import { worstCase, worstCaseSentence } from '../../../renderer/src/market/worst-case.ts';
import { bid, hex, session } from './market-fixtures.ts';

const offer = bid(); // 0.0003 MOR/s
const now = 1_000 + 600; // 20 minutes left on the fixture session

describe('the worst case of a reply from a provider', () => {
  it('is a 30-minute stake when no session is open on the bid', () => {
    const worst = worstCase(offer, [], now);
    expect(worst).toEqual({ kind: 'new-session', wei: 540_000_000_000_000_000n });
    expect(worstCaseSentence(offer, worst)).toBe(
      'Opens a 30-minute session with 0x1200…00ab: at most 0.54 MOR (its stake; the unused part comes back when it closes).',
    );
  });

  it('is the paid time left when an open session on the same bid is reused', () => {
    const worst = worstCase(offer, [session()], now);
    expect(worst).toMatchObject({ kind: 'open-session', secondsLeft: 1200, wei: 360_000_000_000_000_000n });
    expect(worstCaseSentence(offer, worst)).toBe('Uses your open session with 0x1200…00ab (20 min left); at most 0.36 MOR for this reply.');
  });

  it('counts a minute begun as a minute left', () => {
    expect(worstCaseSentence(offer, worstCase(offer, [session()], 1_000 + 1800 - 150))).toContain('(3 min left)');
  });

  it('opens a new session rather than reuse one closed, on another bid, or with under two minutes left (as the core does)', () => {
    const sessions = [
      session({ state: 'closed' }),
      session({ bid: { id: hex('9', 32), pricePerSecondWei: offer.pricePerSecondWei } }),
      session({ endsAt: now + 119 }),
    ];
    expect(worstCase(offer, sessions, now).kind).toBe('new-session');
    expect(worstCase(offer, [session({ endsAt: now + 120 })], now).kind).toBe('open-session');
  });

  it('reuses the session with the most time left, and never counts more than it was opened for', () => {
    const later = session({ id: 'later', openedAt: 1_300, endsAt: 1_300 + 1800 });
    expect(worstCase(offer, [session(), later], now)).toMatchObject({ session: later, secondsLeft: 1500 });
    // This computer's clock behind the chain's: the session's own length bounds what is left.
    expect(worstCase(offer, [session()], 0)).toMatchObject({ secondsLeft: 1800, wei: 540_000_000_000_000_000n });
  });

  it('matches the bid whatever the case of its id', () => {
    expect(worstCase(bid({ id: hex('B', 32) }), [session()], now).kind).toBe('open-session');
  });
});
