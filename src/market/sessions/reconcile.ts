/**
 * At every start, the sessions Hearth left unfinished are set straight with
 * the chain: a session whose opening was interrupted is found (by its
 * transaction, or by its provider's approval once used) or marked failed
 * with nothing staked; a session with time left is kept to be reused; one
 * whose time is up, or whose close was interrupted, is closed; stakes held
 * after early closes are listed with the time each is released, and those
 * released are withdrawn when Hearth may sign for the wallet (a session
 * allowance), or offered otherwise.
 */
import { parseEventLogs, type Address, type Hash, type Hex } from 'viem';
import type { MarketSessionRecord } from '../../store/market-sessions.ts';
import { usedAbi } from '../used-interface.ts';
import type { MarketSessionRepository, ProviderSessions } from './provider-sessions.ts';

/** A session is reused only with this much time left; with less, it is closed. */
const minSecondsLeft = 60n;
/** How long a start waits for an opening transaction that is still pending. */
const pendingWaitMs = 30_000;
/** Held stakes come from closes of the last UTC day; sessions last a day at most, so this covers every one. */
const recentMs = 3 * 86_400_000;

export interface HeldStake {
  /** The local session it came from. */
  sessionRef: string;
  amount: bigint;
  /** Chain seconds: the UTC midnight after the early close. */
  releasedAt: bigint;
}

export interface Reconciliation {
  /** Open with time left: the next question to the same bid reuses it. */
  resumed: MarketSessionRecord[];
  /** Closed now, or found closed on chain, with their cost. */
  closed: MarketSessionRecord[];
  /** Never opened on chain: nothing was staked. */
  failed: MarketSessionRecord[];
  /** Could not be settled now (the chain did not answer): tried again at the next start. */
  unsettled: { record: MarketSessionRecord; error: unknown }[];
  stakes: { available: bigint; hold: bigint; held: HeldStake[] };
  /** What was withdrawn, when `withdraw` was allowed and something was released. */
  withdrawn: { hash: Hash; amount: bigint } | null;
}

/**
 * @param withdraw whether released stakes are withdrawn now (Hearth may sign for the wallet)
 * @param openings whether sessions left opening are settled: only at start, when no opening of this run can be under way
 */
export async function reconcileSessions(sessions: ProviderSessions, { withdraw, openings = true }: { withdraw: boolean; openings?: boolean }): Promise<Reconciliation> {
  const result: Reconciliation = {
    resumed: [], closed: [], failed: [], unsettled: [], stakes: { available: 0n, hold: 0n, held: [] }, withdrawn: null,
  };
  const unfinished = sessions.records.list({ states: openings ? ['opening', 'open', 'closing'] : ['open'], chainId: sessions.config.chainId, user: sessions.user });
  for (const record of unfinished) {
    try {
      const settled = await settle(sessions, record);
      if (settled.state === 'open') result.resumed.push(settled);
      else if (settled.state === 'failed') result.failed.push(settled);
      else result.closed.push(settled);
    } catch (error) {
      result.unsettled.push({ record, error });
    }
  }
  const now = await sessions.chain.chainTime();
  const { available, hold } = await sessions.chain.getUserStakesOnHold(sessions.user);
  result.stakes = { available, hold, held: heldStakes(sessions.records, { chainId: sessions.config.chainId, user: sessions.user, now }) };
  if (withdraw && available > 0n) {
    result.withdrawn = await sessions.withdraw();
    result.stakes.available = 0n;
  }
  return result;
}

async function settle(sessions: ProviderSessions, record: MarketSessionRecord): Promise<MarketSessionRecord> {
  let current = record;
  if (current.state === 'opening') {
    const sessionId = await openedSessionId(sessions, current);
    if (!sessionId) return sessions.recordFailed(current, 'Hearth stopped before the session was opened on chain; nothing was staked.');
    current = await sessions.recordOpened(current, sessionId);
  }
  const onChain = await sessions.chain.getSession(current.sessionId!);
  const now = await sessions.chain.chainTime();
  if (current.state === 'open' && onChain.closedAt === 0n && onChain.endsAt - now >= minSecondsLeft) return current;
  return sessions.close(current.id);
}

/** The session an interrupted opening created, if it did: from its recorded transaction, else by its approval. */
async function openedSessionId(sessions: ProviderSessions, record: MarketSessionRecord): Promise<Hex | null> {
  const sent = sessions.records.transactionsOf(record.id).filter((transaction) => transaction.kind === 'open');
  for (const transaction of sent) {
    const receipt = await sessions.publicClient.waitForTransactionReceipt({ hash: transaction.hash, timeout: pendingWaitMs }).catch(() => null);
    if (!receipt) continue;
    sessions.recordReceipt(receipt);
    const [opened] = parseEventLogs({ abi: usedAbi, eventName: 'SessionOpened', logs: receipt.logs });
    if (receipt.status === 'success' && opened) return opened.args.sessionId;
  }
  // Killed between the wallet sending it and Hearth writing its hash down: the used approval leads to it.
  if (!record.approval || !(await sessions.chain.isApprovalUsed(record.approval))) return null;
  const approval = record.approval.slice(2).toLowerCase();
  for (const sessionId of (await sessions.chain.getUserSessions(sessions.user)).toReversed()) {
    if (sessions.records.bySessionId(sessionId)) continue;
    const onChain = await sessions.chain.getSession(sessionId);
    if (onChain.bidId.toLowerCase() !== record.bid.id.toLowerCase()) continue;
    const input = await sessions.chain.getSessionOpeningInput(sessionId, onChain.openedAt);
    if (input?.toLowerCase().includes(approval)) return sessionId;
  }
  return null;
}

/** Stakes still held after early closes, each with the UTC midnight it is released at, as the closes recorded them. */
export function heldStakes(records: MarketSessionRepository, { chainId, user, now }: { chainId: number; user: Address; now: bigint }): HeldStake[] {
  return records.list({ states: ['closed'], chainId, user, since: Date.now() - recentMs })
    .filter((record) => record.heldWei !== null && record.heldWei > 0n && record.heldUntil !== null && record.heldUntil > now)
    .map((record) => ({ sessionRef: record.id, amount: record.heldWei!, releasedAt: record.heldUntil! }));
}
