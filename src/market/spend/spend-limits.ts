/**
 * Spend limits on remote replies: per reply, per provider session and per UTC
 * day (the marketplace contract's day, from chain time), in MOR wei, set by
 * the user on top of the on-chain allowance. A request that would pass a
 * limit is refused here, before anything is signed.
 *
 * Reserve, then settle: opening a session reserves its whole stake (the most
 * it can cost) and a reply reserves its worst-case cost, so requests in
 * flight count against every limit at once and cannot together pass one.
 * Settling records what was actually spent, which may be less: a failed
 * reply or an early close releases the rest.
 *
 * A reply is paid from its session's stake, so it adds to the session (and
 * its day) only what goes beyond the stake; a session's MOR counts on the day
 * it was opened, as the stake leaves the wallet then.
 *
 * Pure: the state is plain data (to save and load as it is) and every
 * function returns a new state; a refusal throws and leaves it unchanged.
 */
import { dayLimitRefusal, replyLimitRefusal, sessionLimitRefusal } from './refusals.ts';

/** MOR wei; an unset limit does not limit. */
export interface SpendLimits {
  perReply?: bigint;
  perSession?: bigint;
  perDay?: bigint;
}

export interface SessionSpend {
  /** The contract's day the session was opened on (days since 1970-01-01 UTC). */
  day: number;
  /** While open, the stake (the most the session can cost); once closed, what it cost. */
  amount: bigint;
  closed: boolean;
}

export interface ReplySpend {
  sessionId: string;
  /** While reserved, the worst-case cost; once settled, what it cost. */
  amount: bigint;
  settled: boolean;
}

export interface SpendState {
  limits: SpendLimits;
  sessions: Record<string, SessionSpend>;
  replies: Record<string, ReplySpend>;
}

const secondsPerDay = 86_400n;

/** The contract's day for a chain timestamp in seconds, as `startOfTheDay(ts) / 86400`. */
export function utcDay(chainSeconds: bigint): number {
  return Number(chainSeconds / secondsPerDay);
}

export function emptySpendState(limits: SpendLimits = {}): SpendState {
  return { limits: { ...limits }, sessions: {}, replies: {} };
}

/** New limits apply to new requests; what is already spent or reserved stays. */
export function setSpendLimits(state: SpendState, limits: SpendLimits): SpendState {
  for (const value of Object.values(limits)) if (value !== undefined) nonNegative(value, 'A spend limit');
  return { ...state, limits: { ...limits } };
}

const max = (a: bigint, b: bigint) => (a > b ? a : b);

function nonNegative(amount: bigint, what: string): void {
  if (amount < 0n) throw new RangeError(`${what} cannot be negative (${amount} wei).`);
}

function repliesOf(state: SpendState, sessionId: string): ReplySpend[] {
  return Object.values(state.replies).filter((reply) => reply.sessionId === sessionId);
}

function openSession(state: SpendState, sessionId: string): SessionSpend {
  const session = Object.hasOwn(state.sessions, sessionId) ? state.sessions[sessionId] : undefined;
  if (!session) throw new Error(`Session ${sessionId} has no spend reservation.`);
  if (session.closed) throw new Error(`Session ${sessionId} is already closed.`);
  return session;
}

function reservedReply(state: SpendState, replyId: string): ReplySpend {
  const reply = Object.hasOwn(state.replies, replyId) ? state.replies[replyId] : undefined;
  if (!reply) throw new Error(`Reply ${replyId} has no spend reservation.`);
  if (reply.settled) throw new Error(`Reply ${replyId} is already settled.`);
  return reply;
}

/** A reply's MOR, spent or reserved. */
export function replySpend(state: SpendState, replyId: string): bigint {
  return Object.hasOwn(state.replies, replyId) ? state.replies[replyId]!.amount : 0n;
}

/** A session's MOR, spent or reserved: its stake, or its replies where they go beyond it, until it closes at its cost. */
export function sessionSpend(state: SpendState, sessionId: string): bigint {
  const session = Object.hasOwn(state.sessions, sessionId) ? state.sessions[sessionId] : undefined;
  if (!session) return 0n;
  if (session.closed) return session.amount;
  return max(session.amount, repliesOf(state, sessionId).reduce((sum, reply) => sum + reply.amount, 0n));
}

/** The MOR spent or reserved by sessions opened on a contract day. */
export function daySpend(state: SpendState, day: number): bigint {
  return Object.entries(state.sessions)
    .filter(([, session]) => session.day === day)
    .reduce((sum, [sessionId]) => sum + sessionSpend(state, sessionId), 0n);
}

/** Refuses when `increase` more MOR in this session, on its day, would pass the session or day limit. */
function checkSessionAndDay(state: SpendState, sessionTotal: bigint, day: number, increase: bigint): void {
  if (increase === 0n) return;
  const { perSession, perDay } = state.limits;
  if (perSession !== undefined && sessionTotal > perSession) throw sessionLimitRefusal(sessionTotal, perSession);
  const spentToday = daySpend(state, day);
  if (perDay !== undefined && spentToday + increase > perDay) throw dayLimitRefusal(increase, spentToday, perDay);
}

/** Before `openSession` is signed: reserves the stake on the session and on today's total. */
export function reserveSession(state: SpendState, request: { sessionId: string; stake: bigint; chainSeconds: bigint }): SpendState {
  const { sessionId, stake, chainSeconds } = request;
  nonNegative(stake, 'A session stake');
  if (Object.hasOwn(state.sessions, sessionId)) throw new Error(`Session ${sessionId} already has a spend reservation.`);
  const day = utcDay(chainSeconds);
  checkSessionAndDay(state, stake, day, stake);
  return { ...state, sessions: { ...state.sessions, [sessionId]: { day, amount: stake, closed: false } } };
}

/** Before a prompt is sent in an open session: reserves the reply's worst-case cost. */
export function reserveReply(state: SpendState, request: { sessionId: string; replyId: string; cost: bigint }): SpendState {
  const { sessionId, replyId, cost } = request;
  nonNegative(cost, 'A reply\u2019s cost');
  const session = openSession(state, sessionId);
  if (Object.hasOwn(state.replies, replyId)) throw new Error(`Reply ${replyId} already has a spend reservation.`);
  const { perReply } = state.limits;
  if (perReply !== undefined && cost > perReply) throw replyLimitRefusal(cost, perReply);
  const before = sessionSpend(state, sessionId);
  const next = { ...state, replies: { ...state.replies, [replyId]: { sessionId, amount: cost, settled: false } } };
  const after = sessionSpend(next, sessionId);
  checkSessionAndDay(state, after, session.day, after - before);
  return next;
}

/** Records what a reply cost (at most what it reserved); a failed reply settles what it used, or 0n. */
export function settleReply(state: SpendState, replyId: string, cost: bigint): SpendState {
  nonNegative(cost, 'A reply\u2019s cost');
  const reply = reservedReply(state, replyId);
  if (cost > reply.amount) throw new RangeError(`Reply ${replyId} cost ${cost} wei, more than the ${reply.amount} wei it reserved.`);
  return { ...state, replies: { ...state.replies, [replyId]: { ...reply, amount: cost, settled: true } } };
}

/** A reply that never reached the provider: its reservation is released whole. */
export function releaseReply(state: SpendState, replyId: string): SpendState {
  return settleReply(state, replyId, 0n);
}

/**
 * Records what a session cost when it closed (at most its stake; 0n for one
 * that failed to open). A reply still reserved in it keeps its worst case.
 */
export function closeSession(state: SpendState, sessionId: string, cost: bigint): SpendState {
  nonNegative(cost, 'A session\u2019s cost');
  const session = openSession(state, sessionId);
  if (cost > session.amount) throw new RangeError(`Session ${sessionId} cost ${cost} wei, more than its ${session.amount} wei stake.`);
  const replies = Object.fromEntries(Object.entries(state.replies).map(([id, reply]) =>
    [id, reply.sessionId === sessionId && !reply.settled ? { ...reply, settled: true } : reply]));
  return { ...state, sessions: { ...state.sessions, [sessionId]: { ...session, amount: cost, closed: true } }, replies };
}
