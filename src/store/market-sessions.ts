/**
 * Provider sessions and the transactions sent for them (issue 11): what a
 * restart needs to find the sessions still open, reuse one for the next
 * question, and close the rest. Addresses, ids and hashes come back
 * exactly as they were given; lookups by user, bid, session id or hash
 * ignore case, since a checksummed and a lowercase address are the same
 * account. Amounts in wei are stored as decimal text, never as numbers.
 */
import { randomUUID } from 'node:crypto';
import type { Hex } from 'viem';
import { HearthError } from '../api/errors.ts';
import type { HearthDatabase } from './open.ts';

export type MarketSessionState = 'opening' | 'open' | 'closing' | 'closed' | 'expired' | 'failed';
export type MarketTransactionKind = 'approve' | 'open' | 'close' | 'withdraw' | 'allowance' | 'delegate' | 'revoke' | 'fund';
export type MarketTransactionStatus = 'sent' | 'mined' | 'reverted';

export interface MarketSessionRecord {
  id: string;
  chainId: number;
  user: Hex;
  state: MarketSessionState;
  sessionId: Hex | null;
  provider: { address: Hex; endpoint: string };
  model: { id: Hex; name: string };
  bid: { id: Hex; pricePerSecond: bigint };
  stake: bigint;
  sessionKey: Hex;
  providerPublicKey: Hex | null;
  approval: Hex | null;
  approvalSignature: Hex | null;
  /** Chain seconds. */
  openedAt: bigint | null;
  endsAt: bigint | null;
  closedAt: bigint | null;
  /** What the session cost the user, once closed. */
  costWei: bigint | null;
  /** What came back to the user at close (at once or held). */
  refundWei: bigint | null;
  /** The part of the refund held after an early close, until `heldUntil` (chain seconds, the next UTC midnight). */
  heldWei: bigint | null;
  heldUntil: bigint | null;
  error: string | null;
  /** Milliseconds. */
  createdAt: number;
  updatedAt: number;
}

export interface NewMarketSession {
  chainId: number;
  user: Hex;
  provider: { address: Hex; endpoint: string };
  model: { id: Hex; name: string };
  bid: { id: Hex; pricePerSecond: bigint };
  stake: bigint;
  sessionKey: Hex;
}

export type MarketSessionPatch = Partial<
  Pick<
    MarketSessionRecord,
    'state' | 'sessionId' | 'providerPublicKey' | 'approval' | 'approvalSignature' | 'openedAt' | 'endsAt' | 'closedAt' | 'costWei' | 'refundWei' | 'heldWei' | 'heldUntil' | 'error'
  >
>;

export interface MarketTransactionRecord {
  hash: Hex;
  chainId: number;
  sessionRef: string | null;
  kind: MarketTransactionKind;
  purpose: string;
  status: MarketTransactionStatus;
  blockNumber: number | null;
  createdAt: number;
  updatedAt: number;
}

interface SessionRow {
  id: string;
  chain_id: number;
  user_address: Hex;
  state: MarketSessionState;
  session_id: Hex | null;
  provider_address: Hex;
  endpoint: string;
  model_id: Hex;
  model_name: string;
  bid_id: Hex;
  price_per_second: string;
  stake: string;
  session_key: Hex;
  provider_public_key: Hex | null;
  approval: Hex | null;
  approval_signature: Hex | null;
  opened_at: number | null;
  ends_at: number | null;
  closed_at: number | null;
  cost_wei: string | null;
  refund_wei: string | null;
  held_wei: string | null;
  held_until: number | null;
  error: string | null;
  created_at: number;
  updated_at: number;
}

interface TransactionRow {
  hash: Hex;
  chain_id: number;
  session_ref: string | null;
  kind: MarketTransactionKind;
  purpose: string;
  status: MarketTransactionStatus;
  block_number: number | null;
  created_at: number;
  updated_at: number;
}

const bigintOrNull = (value: string | number | null) => (value === null ? null : BigInt(value));
const textOrNull = (value: bigint | null) => (value === null ? null : value.toString());

const toSession = (row: SessionRow): MarketSessionRecord => ({
  id: row.id,
  chainId: row.chain_id,
  user: row.user_address,
  state: row.state,
  sessionId: row.session_id,
  provider: { address: row.provider_address, endpoint: row.endpoint },
  model: { id: row.model_id, name: row.model_name },
  bid: { id: row.bid_id, pricePerSecond: BigInt(row.price_per_second) },
  stake: BigInt(row.stake),
  sessionKey: row.session_key,
  providerPublicKey: row.provider_public_key,
  approval: row.approval,
  approvalSignature: row.approval_signature,
  openedAt: bigintOrNull(row.opened_at),
  endsAt: bigintOrNull(row.ends_at),
  closedAt: bigintOrNull(row.closed_at),
  costWei: bigintOrNull(row.cost_wei),
  refundWei: bigintOrNull(row.refund_wei),
  heldWei: bigintOrNull(row.held_wei),
  heldUntil: bigintOrNull(row.held_until),
  error: row.error,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toTransaction = (row: TransactionRow): MarketTransactionRecord => ({
  hash: row.hash,
  chainId: row.chain_id,
  sessionRef: row.session_ref,
  kind: row.kind,
  purpose: row.purpose,
  status: row.status,
  blockNumber: row.block_number,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function createMarketSessionRepository(db: HearthDatabase) {
  const insert = db.prepare(`
    INSERT INTO market_sessions (id, chain_id, user_address, state, provider_address, endpoint, model_id, model_name,
                                 bid_id, price_per_second, stake, session_key, created_at, updated_at)
    VALUES (@id, @chainId, @user, 'opening', @providerAddress, @endpoint, @modelId, @modelName,
            @bidId, @pricePerSecond, @stake, @sessionKey, @now, @now)`);
  const select = db.prepare('SELECT * FROM market_sessions WHERE id = ?');
  const selectBySessionId = db.prepare('SELECT * FROM market_sessions WHERE lower(session_id) = lower(?)');
  const updateRow = db.prepare(`
    UPDATE market_sessions SET state = @state, session_id = @sessionId, provider_public_key = @providerPublicKey,
      approval = @approval, approval_signature = @approvalSignature, opened_at = @openedAt, ends_at = @endsAt,
      closed_at = @closedAt, cost_wei = @costWei, refund_wei = @refundWei, held_wei = @heldWei,
      held_until = @heldUntil, error = @error, updated_at = @now
    WHERE id = @id`);
  // A filter left out is NULL and matches every row; states come as a JSON array.
  const list = db.prepare(`
    SELECT * FROM market_sessions
    WHERE (@states IS NULL OR state IN (SELECT value FROM json_each(@states)))
      AND (@chainId IS NULL OR chain_id = @chainId)
      AND (@user IS NULL OR lower(user_address) = lower(@user))
      AND (@since IS NULL OR created_at >= @since)
    ORDER BY created_at DESC, rowid DESC`);
  // Of the sessions that qualify, the one with the most time left.
  const reusable = db.prepare(`
    SELECT * FROM market_sessions
    WHERE chain_id = @chainId AND lower(user_address) = lower(@user) AND lower(bid_id) = lower(@bidId)
      AND state = 'open' AND ends_at >= @endsNoEarlierThan
    ORDER BY ends_at DESC, rowid DESC LIMIT 1`);
  // DO NOTHING: a transaction recorded again (a retry after a crash) keeps what is known of it.
  const insertTransaction = db.prepare(`
    INSERT INTO market_transactions (hash, chain_id, session_ref, kind, purpose, status, created_at, updated_at)
    VALUES (@hash, @chainId, @sessionRef, @kind, @purpose, 'sent', @now, @now)
    ON CONFLICT DO NOTHING`);
  const selectTransaction = db.prepare('SELECT * FROM market_transactions WHERE lower(hash) = lower(?)');
  const markTransaction = db.prepare(
    'UPDATE market_transactions SET status = @status, block_number = @blockNumber, updated_at = @now WHERE lower(hash) = lower(@hash)',
  );
  const transactionsOf = db.prepare('SELECT * FROM market_transactions WHERE session_ref = ? ORDER BY created_at, rowid');
  const listTransactions = db.prepare(`
    SELECT * FROM market_transactions
    WHERE (@since IS NULL OR created_at >= @since) AND (@status IS NULL OR status = @status)
    ORDER BY created_at DESC, rowid DESC`);

  const get = (id: string): MarketSessionRecord | undefined => {
    const row = select.get(id) as SessionRow | undefined;
    return row ? toSession(row) : undefined;
  };

  return {
    /** A session about to be opened: state 'opening', with its key, before any transaction is sent. */
    create(input: NewMarketSession, now = Date.now()): MarketSessionRecord {
      const id = randomUUID();
      insert.run({
        id,
        chainId: input.chainId,
        user: input.user,
        providerAddress: input.provider.address,
        endpoint: input.provider.endpoint,
        modelId: input.model.id,
        modelName: input.model.name,
        bidId: input.bid.id,
        pricePerSecond: input.bid.pricePerSecond.toString(),
        stake: input.stake.toString(),
        sessionKey: input.sessionKey,
        now,
      });
      return get(id)!;
    },
    get,
    bySessionId(sessionId: Hex): MarketSessionRecord | undefined {
      const row = selectBySessionId.get(sessionId) as SessionRow | undefined;
      return row ? toSession(row) : undefined;
    },
    /** Changes the fields the patch names (null clears one) and bumps updated_at. */
    update(id: string, patch: MarketSessionPatch, now = Date.now()): MarketSessionRecord {
      return db.transaction(() => {
        const current = get(id);
        if (!current) throw new HearthError('NOT_FOUND', { details: `market session ${id}` });
        const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as MarketSessionPatch;
        const next: MarketSessionRecord = { ...current, ...defined };
        updateRow.run({
          id,
          state: next.state,
          sessionId: next.sessionId,
          providerPublicKey: next.providerPublicKey,
          approval: next.approval,
          approvalSignature: next.approvalSignature,
          openedAt: next.openedAt,
          endsAt: next.endsAt,
          closedAt: next.closedAt,
          costWei: textOrNull(next.costWei),
          refundWei: textOrNull(next.refundWei),
          heldWei: textOrNull(next.heldWei),
          heldUntil: next.heldUntil,
          error: next.error,
          now,
        });
        return get(id)!;
      })();
    },
    /** Newest first. */
    list(filter: { states?: MarketSessionState[]; chainId?: number; user?: Hex; since?: number } = {}): MarketSessionRecord[] {
      const rows = list.all({
        states: filter.states ? JSON.stringify(filter.states) : null,
        chainId: filter.chainId ?? null,
        user: filter.user ?? null,
        since: filter.since ?? null,
      }) as SessionRow[];
      return rows.map(toSession);
    },
    /** An open session on this bid with at least `minSecondsLeft` before ends_at at chain time `now`: reused for the next question. */
    findReusable(args: { chainId: number; user: Hex; bidId: Hex; now: bigint; minSecondsLeft: bigint }): MarketSessionRecord | undefined {
      const row = reusable.get({
        chainId: args.chainId,
        user: args.user,
        bidId: args.bidId,
        endsNoEarlierThan: args.now + args.minSecondsLeft,
      }) as SessionRow | undefined;
      return row ? toSession(row) : undefined;
    },
    /** A transaction just sent, status 'sent'; recording the same hash again returns it as it stands. */
    recordTransaction(
      input: { hash: Hex; chainId: number; sessionRef: string | null; kind: MarketTransactionKind; purpose: string },
      now = Date.now(),
    ): MarketTransactionRecord {
      insertTransaction.run({ ...input, now });
      return toTransaction(selectTransaction.get(input.hash) as TransactionRow);
    },
    markTransaction(hash: Hex, update: { status: 'mined' | 'reverted'; blockNumber: number }, now = Date.now()): void {
      if (markTransaction.run({ hash, ...update, now }).changes === 0) {
        throw new HearthError('NOT_FOUND', { details: `market transaction ${hash}` });
      }
    },
    /** Oldest first. */
    transactionsOf(sessionRef: string): MarketTransactionRecord[] {
      return (transactionsOf.all(sessionRef) as TransactionRow[]).map(toTransaction);
    },
    /** Newest first. */
    listTransactions(filter: { since?: number; status?: MarketTransactionStatus } = {}): MarketTransactionRecord[] {
      const rows = listTransactions.all({ since: filter.since ?? null, status: filter.status ?? null }) as TransactionRow[];
      return rows.map(toTransaction);
    },
  };
}

export type MarketSessionRepository = ReturnType<typeof createMarketSessionRepository>;
