/**
 * Spend limits per reply, per session and per UTC day: worked cases of what
 * a person is told when a request is refused, and a property test over
 * thousands of seeded random sequences of requests, failures, closes, day
 * changes and limit changes, checked against a ledger kept here, showing that
 * the MOR spent or reserved never passes a limit and a refusal changes nothing.
 */
import { parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { HearthError } from '../../src/api/errors.ts';
import {
  closeSession, daySpend, emptySpendState, releaseReply, replySpend, reserveReply, reserveSession, sessionSpend,
  setSpendLimits, settleReply, utcDay, type SpendLimits, type SpendState,
} from '../../src/market/spend/spend-limits.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

const mor = (text: string) => parseEther(text);
const noon = 1_767_268_800n; // 2026-01-01 12:00 UTC
const day = 86_400n;

function refusal(run: () => unknown): HearthError {
  try {
    run();
  } catch (error) {
    if (error instanceof HearthError) return error;
    throw error;
  }
  throw new Error('the request was not refused');
}

describe('spend limits, worked cases', () => {
  it('refuses a reply over the per-reply limit with its cost and the limit in MOR', () => {
    let state = reserveSession(emptySpendState({ perReply: mor('0.5') }), { sessionId: 's', stake: mor('2'), chainSeconds: noon });
    const error = refusal(() => reserveReply(state, { sessionId: 's', replyId: 'r', cost: mor('0.54') }));
    expect(error.toPayload()).toEqual({
      code: 'SPEND_LIMIT_REPLY',
      message: 'This reply could cost up to 0.54 MOR, over your limit of 0.5 MOR per reply.',
      action: 'Raise the limit in the wallet settings, or ask a shorter question.',
    });
    state = reserveReply(state, { sessionId: 's', replyId: 'r', cost: mor('0.5') });
    expect(replySpend(state, 'r')).toBe(mor('0.5'));
  });

  it('writes a cost one wei over the limit exactly, so it never reads as equal to it', () => {
    const state = reserveSession(emptySpendState({ perReply: mor('0.5') }), { sessionId: 's', stake: mor('1'), chainSeconds: noon });
    const error = refusal(() => reserveReply(state, { sessionId: 's', replyId: 'r', cost: mor('0.5') + 1n }));
    expect(error.shortMessage).toBe('This reply could cost up to 0.500000000000000001 MOR, over your limit of 0.5 MOR per reply.');
  });

  it('refuses a session whose stake is over the per-session limit', () => {
    const error = refusal(() => reserveSession(emptySpendState({ perSession: mor('1') }), { sessionId: 's', stake: mor('1.2'), chainSeconds: noon }));
    expect(error.toPayload()).toEqual({
      code: 'SPEND_LIMIT_SESSION',
      message: 'This provider session could cost up to 1.2 MOR, over your limit of 1 MOR per session.',
      action: 'Raise the limit in the wallet settings, or choose a cheaper provider.',
    });
  });

  it('counts two sessions in flight together against the day, and a new UTC day starts at 0', () => {
    let state = emptySpendState({ perDay: mor('3') });
    state = reserveSession(state, { sessionId: 'a', stake: mor('2'), chainSeconds: noon });
    const error = refusal(() => reserveSession(state, { sessionId: 'b', stake: mor('1.5'), chainSeconds: noon + 60n }));
    expect(error.toPayload()).toEqual({
      code: 'SPEND_LIMIT_DAY',
      message: 'This could cost up to 1.5 MOR; with the 2 MOR already spent or held today (UTC), that is over your limit of 3 MOR per day.',
      action: 'Raise the limit in the wallet settings, or wait until midnight UTC, when a new day starts.',
    });
    const tomorrow = noon + day / 2n; // 00:00 UTC the next day
    expect(utcDay(tomorrow)).toBe(utcDay(noon) + 1);
    state = reserveSession(state, { sessionId: 'b', stake: mor('1.5'), chainSeconds: tomorrow });
    expect(daySpend(state, utcDay(noon))).toBe(mor('2'));
    expect(daySpend(state, utcDay(tomorrow))).toBe(mor('1.5'));
  });

  it('an early close releases the rest of the stake for the day', () => {
    let state = emptySpendState({ perDay: mor('3') });
    state = reserveSession(state, { sessionId: 'a', stake: mor('2'), chainSeconds: noon });
    state = reserveReply(state, { sessionId: 'a', replyId: 'r1', cost: mor('0.4') });
    state = settleReply(state, 'r1', mor('0.25'));
    state = closeSession(state, 'a', mor('0.25'));
    expect(sessionSpend(state, 'a')).toBe(mor('0.25'));
    state = reserveSession(state, { sessionId: 'b', stake: mor('2.75'), chainSeconds: noon + 600n });
    expect(daySpend(state, utcDay(noon))).toBe(mor('3'));
  });

  it('a reply paid from its session\u2019s stake adds nothing to the session or the day', () => {
    let state = emptySpendState({ perSession: mor('1'), perDay: mor('1') });
    state = reserveSession(state, { sessionId: 's', stake: mor('1'), chainSeconds: noon });
    state = reserveReply(state, { sessionId: 's', replyId: 'r1', cost: mor('0.6') });
    state = reserveReply(state, { sessionId: 's', replyId: 'r2', cost: mor('0.4') });
    expect(sessionSpend(state, 's')).toBe(mor('1'));
    const error = refusal(() => reserveReply(state, { sessionId: 's', replyId: 'r3', cost: mor('0.1') }));
    expect(error.code).toBe('SPEND_LIMIT_SESSION');
    state = releaseReply(state, 'r2');
    state = reserveReply(state, { sessionId: 's', replyId: 'r3', cost: mor('0.1') });
    expect(replySpend(state, 'r2')).toBe(0n);
  });

  it('a lowered limit refuses new requests and keeps what is already spent', () => {
    let state = reserveSession(emptySpendState(), { sessionId: 'a', stake: mor('5'), chainSeconds: noon });
    state = setSpendLimits(state, { perDay: mor('1') });
    expect(refusal(() => reserveSession(state, { sessionId: 'b', stake: 1n, chainSeconds: noon })).code).toBe('SPEND_LIMIT_DAY');
    expect(daySpend(state, utcDay(noon))).toBe(mor('5'));
    state = setSpendLimits(state, {});
    state = reserveSession(state, { sessionId: 'b', stake: mor('100'), chainSeconds: noon });
    expect(daySpend(state, utcDay(noon))).toBe(mor('105'));
  });

  it('the state is plain data: a saved copy behaves as the original', () => {
    let state = reserveSession(emptySpendState({ perDay: mor('2') }), { sessionId: 'a', stake: mor('1.5'), chainSeconds: noon });
    const loaded = structuredClone(state);
    expect(loaded).toEqual(state);
    expect(refusal(() => reserveSession(loaded, { sessionId: 'b', stake: mor('1'), chainSeconds: noon })).code).toBe('SPEND_LIMIT_DAY');
    state = reserveSession(loaded, { sessionId: 'b', stake: mor('0.5'), chainSeconds: noon });
    expect(daySpend(state, utcDay(noon))).toBe(mor('2'));
  });

  it('a reply cannot settle for more than it reserved, nor a session for more than its stake', () => {
    let state = reserveSession(emptySpendState(), { sessionId: 's', stake: mor('1'), chainSeconds: noon });
    state = reserveReply(state, { sessionId: 's', replyId: 'r', cost: mor('0.1') });
    expect(() => settleReply(state, 'r', mor('0.2'))).toThrow(RangeError);
    expect(() => closeSession(state, 's', mor('1.1'))).toThrow(RangeError);
  });
});

/* The ledger the property test keeps on its own, from the requests that were accepted. */
interface LedgerSession { day: number; stake: bigint; cost: bigint | undefined }
interface LedgerReply { session: string; amount: bigint; open: boolean }
interface Ledger { sessions: Map<string, LedgerSession>; replies: Map<string, LedgerReply> }

const sessionTotal = (ledger: Ledger, id: string): bigint => {
  const session = ledger.sessions.get(id)!;
  if (session.cost !== undefined) return session.cost;
  const replies = [...ledger.replies.values()].filter((reply) => reply.session === id).reduce((sum, reply) => sum + reply.amount, 0n);
  return replies > session.stake ? replies : session.stake;
};

/** Every scope's MOR spent or reserved, keyed `reply:…`, `session:…`, `day:…`. */
function totals(ledger: Ledger): Map<string, bigint> {
  const result = new Map<string, bigint>();
  for (const [id, reply] of ledger.replies) result.set(`reply:${id}`, reply.amount);
  for (const [id, session] of ledger.sessions) {
    const total = sessionTotal(ledger, id);
    result.set(`session:${id}`, total);
    result.set(`day:${session.day}`, (result.get(`day:${session.day}`) ?? 0n) + total);
  }
  return result;
}

const limitOf = (limits: SpendLimits, scope: string) =>
  scope.startsWith('reply:') ? limits.perReply : scope.startsWith('session:') ? limits.perSession : limits.perDay;

const cloneLedger = (ledger: Ledger): Ledger => ({
  sessions: new Map([...ledger.sessions].map(([id, session]) => [id, { ...session }])),
  replies: new Map([...ledger.replies].map(([id, reply]) => [id, { ...reply }])),
});

/** Scopes whose total grew from `before` to `after` and passes its limit, as text (empty when none). */
function passedLimits(before: Map<string, bigint>, after: Map<string, bigint>, limits: SpendLimits): string[] {
  return [...after].filter(([scope, total]) => {
    const limit = limitOf(limits, scope);
    return total > (before.get(scope) ?? 0n) && limit !== undefined && total > limit;
  }).map(([scope, total]) => `${scope} ${total} > ${limitOf(limits, scope)}`);
}

function runSequence(seed: number, steps: number): { accepted: number; refused: number } {
  const random = seededRandom(seed);
  const pick = <T>(items: T[]): T | undefined => (items.length ? items[Math.floor(random() * items.length)] : undefined);
  const units = (most: number) => BigInt(Math.floor(random() * (most + 1))) * 10n ** 16n; // 0.01 MOR steps
  const maybeLimit = (most: number) => (random() < 0.25 ? undefined : units(most));
  const randomLimits = (): SpendLimits => ({ perReply: maybeLimit(60), perSession: maybeLimit(150), perDay: maybeLimit(400) });

  let state: SpendState = emptySpendState(randomLimits());
  let ledger: Ledger = { sessions: new Map(), replies: new Map() };
  let now = noon + BigInt(Math.floor(random() * 86_400));
  let next = 0;
  let accepted = 0;
  let refused = 0;

  for (let step = 0; step < steps; step += 1) {
    const openSessions = [...ledger.sessions].filter(([, session]) => session.cost === undefined).map(([id]) => id);
    const openReplies = [...ledger.replies].filter(([, reply]) => reply.open).map(([id]) => id);
    const roll = random();
    const before = totals(ledger);
    const snapshot = structuredClone(state);
    const proposed = cloneLedger(ledger);
    let apply: () => SpendState;
    let isReservation = false;

    if (roll < 0.08) {
      const limits = randomLimits();
      apply = () => setSpendLimits(state, limits);
    } else if (roll < 0.16) {
      now += BigInt(Math.floor(random() * 130_000));
      continue;
    } else if (roll < 0.36 || openSessions.length === 0) {
      const sessionId = `s${next++}`;
      const stake = units(200);
      isReservation = true;
      proposed.sessions.set(sessionId, { day: Number(now / day), stake, cost: undefined });
      apply = () => reserveSession(state, { sessionId, stake, chainSeconds: now });
    } else if (roll < 0.66) {
      const sessionId = pick(openSessions)!;
      const replyId = `r${next++}`;
      const cost = units(80);
      isReservation = true;
      proposed.replies.set(replyId, { session: sessionId, amount: cost, open: true });
      apply = () => reserveReply(state, { sessionId, replyId, cost });
    } else if (roll < 0.86 && openReplies.length > 0) {
      const replyId = pick(openReplies)!;
      const reply = proposed.replies.get(replyId)!;
      const cost = random() < 0.3 ? 0n : (reply.amount * BigInt(Math.floor(random() * 101))) / 100n;
      proposed.replies.set(replyId, { ...reply, amount: cost, open: false });
      apply = () => (cost === 0n && random() < 0.5 ? releaseReply(state, replyId) : settleReply(state, replyId, cost));
    } else {
      const sessionId = pick(openSessions)!;
      const session = proposed.sessions.get(sessionId)!;
      const cost = random() < 0.2 ? 0n : (session.stake * BigInt(Math.floor(random() * 101))) / 100n;
      proposed.sessions.set(sessionId, { ...session, cost });
      for (const reply of proposed.replies.values()) if (reply.session === sessionId) reply.open = false;
      apply = () => closeSession(state, sessionId, cost);
    }

    const wouldPass = isReservation ? passedLimits(before, totals(proposed), state.limits) : [];
    let result: SpendState | undefined;
    try {
      result = apply();
    } catch (error) {
      if (!(error instanceof HearthError)) throw error;
      expect(error.code).toMatch(/^SPEND_LIMIT_(REPLY|SESSION|DAY)$/);
      expect(wouldPass, `seed ${seed} step ${step}: refused (${error.code}) a request within every limit`).not.toEqual([]);
      expect(state, `seed ${seed} step ${step}: a refusal changed the state`).toEqual(snapshot);
      refused += 1;
      continue;
    }
    expect(wouldPass, `seed ${seed} step ${step}: accepted a request over a limit`).toEqual([]);
    state = result;
    ledger = proposed;
    accepted += 1;

    const after = totals(ledger);
    if (!isReservation) {
      for (const [scope, total] of after) expect(total, `seed ${seed} step ${step}: ${scope} grew without a reservation`).toBeLessThanOrEqual(before.get(scope) ?? 0n);
    }
    for (const [scope, total] of after) {
      const [kind, id] = scope.split(':') as [string, string];
      const reported = kind === 'reply' ? replySpend(state, id) : kind === 'session' ? sessionSpend(state, id) : daySpend(state, Number(id));
      expect(reported, `seed ${seed} step ${step}: ${scope}`).toBe(total);
    }
  }
  return { accepted, refused };
}

describe('spend limits, property', () => {
  it('over 2000 random sequences the MOR spent or reserved never passes a limit, and a refusal changes nothing', () => {
    let accepted = 0;
    let refused = 0;
    for (let seed = 1; seed <= 2000; seed += 1) {
      const counts = runSequence(seed, 40);
      accepted += counts.accepted;
      refused += counts.refused;
    }
    // Both outcomes must be common, or the sequences do not test the limits.
    expect(accepted).toBeGreaterThan(20_000);
    expect(refused).toBeGreaterThan(5_000);
  });
});
