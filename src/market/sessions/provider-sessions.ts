/**
 * The life of a provider session, kept in SQLite so that nothing is lost
 * when Hearth stops at any point: a fresh session key per session, the
 * provider's approval (session.request), the MOR allowance and openSession
 * signed by whoever signs for the user, prompts over MOR-RPC, and the close
 * with the provider's receipt (or, when the provider is gone, the user's own
 * receipt, which the contract treats as a dispute). A session with time left
 * is reused for the next question to the same bid.
 *
 * Every transaction's hash is written down as soon as the wallet sent it,
 * before it is mined (recording-signer.ts), so reconcile.ts can find out at
 * the next start what became of a session interrupted at any step.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { createPublicClient, erc20Abi, http, parseEventLogs, type Address, type Hash, type Hex, type PublicClient, type TransactionReceipt } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { HearthError } from '../../api/errors.ts';
import { ProviderReplySource } from '../../chat/provider-reply-source.ts';
import type { MarketSessionRecord, MarketTransactionKind, createMarketSessionRepository } from '../../store/market-sessions.ts';
import type { WalletSigner } from '../../wallet/signer.ts';
import { connectChainClient, type ChainClient } from '../chain/client.ts';
import type { MarketChainConfig } from '../chain/config.ts';
import { encodeReceipt, signForChain } from '../chain/signed-messages.ts';
import { MorRpcClient } from '../morrpc/client.ts';
import { parseEndpoint } from '../morrpc/session-backend.ts';
import { closeSession as settleSession, reserveSession } from '../spend/spend-limits.ts';
import { sessionCost } from './session-cost.ts';
import { recordingSigner } from './recording-signer.ts';
import type { SpendLedger } from './spend-ledger.ts';

export type MarketSessionRepository = ReturnType<typeof createMarketSessionRepository>;

/** A bid to open a session on, as the market view lists it. */
export interface SessionTarget {
  provider: { address: Address; endpoint: string };
  model: { id: Hex; name: string };
  bid: { id: Hex; pricePerSecond: bigint };
}

export interface ProviderSessionsOptions {
  config: MarketChainConfig;
  /** Signs the marketplace's transactions: the user's wallet, or the agent key of a session allowance. */
  signer: WalletSigner;
  /** The wallet whose MOR pays: the signer itself, or the wallet that gave the agent key its rights. */
  user: Address;
  records: MarketSessionRepository;
  ledger: SpendLedger;
  /** How long the provider has to send its closing receipt before Hearth closes without it. */
  reportTimeoutMs?: number;
}

export interface OpenedSession {
  record: MarketSessionRecord;
  /** Transactions this call caused (approve, openSession); empty when an open session was reused. */
  transactions: Hash[];
}

/** A session reused for another question needs at least this much paid time left. */
const defaultMinSecondsLeft = 120n;
const defaultReportTimeoutMs = 5_000;
const day = 86_400n;

export class ProviderSessions {
  readonly config: MarketChainConfig;
  readonly user: Address;
  readonly records: MarketSessionRepository;
  readonly #signer: WalletSigner;
  readonly #ledger: SpendLedger;
  readonly #reportTimeoutMs: number;
  readonly #reader: ChainClient;
  /** Reads transactions and receipts by hash. */
  readonly publicClient: PublicClient;

  constructor(options: ProviderSessionsOptions) {
    this.config = options.config;
    this.user = options.user;
    this.records = options.records;
    this.#signer = options.signer;
    this.#ledger = options.ledger;
    this.#reportTimeoutMs = options.reportTimeoutMs ?? defaultReportTimeoutMs;
    this.#reader = connectChainClient(options.config);
    this.publicClient = createPublicClient({ transport: http(options.config.rpcUrl, { retryCount: 2 }), pollingInterval: 200 });
  }

  /** Reads only: the chain as the sessions see it. */
  get chain(): ChainClient {
    return this.#reader;
  }

  /** Whether the signer is an agent key acting for the wallet (a session allowance) rather than the wallet itself. */
  get #delegated(): boolean {
    return this.#signer.address.toLowerCase() !== this.user.toLowerCase();
  }

  /**
   * A client whose transactions are written down, under `kind` and the
   * session, the moment they are sent; marked mined once they are.
   */
  #writer(sessionRef: string | null, kind: MarketTransactionKind): ChainClient {
    return connectChainClient(this.config, recordingSigner(this.#signer, (hash, request) => {
      this.records.recordTransaction({ hash, chainId: this.config.chainId, sessionRef, kind, purpose: request.purpose });
    }));
  }

  async #markMined(hash: Hash): Promise<TransactionReceipt> {
    return this.recordReceipt(await this.publicClient.getTransactionReceipt({ hash }));
  }

  /** Records a recorded transaction as mined or reverted, as its receipt says. */
  recordReceipt(receipt: TransactionReceipt): TransactionReceipt {
    this.records.markTransaction(receipt.transactionHash, { status: receipt.status === 'success' ? 'mined' : 'reverted', blockNumber: Number(receipt.blockNumber) });
    return receipt;
  }

  /** An open session on this bid with enough paid time left, or a new one staking what `stake` works out (asked only then). */
  async sessionFor(target: SessionTarget, { stake, minSecondsLeft = defaultMinSecondsLeft }: { stake: () => Promise<bigint>; minSecondsLeft?: bigint }): Promise<OpenedSession> {
    const now = await this.#reader.chainTime();
    const reusable = this.records.findReusable({ chainId: this.config.chainId, user: this.user, bidId: target.bid.id, now, minSecondsLeft });
    if (reusable) return { record: reusable, transactions: [] };
    return this.open(target, { stake: await stake() });
  }

  /**
   * Opens a session on the bid, staking `stake` MOR from the user's wallet.
   * A spend limit it would pass refuses it before anything is signed; a
   * failure at any later step leaves the session recorded as failed, with why.
   */
  async open(target: SessionTarget, { stake }: { stake: bigint }): Promise<OpenedSession> {
    const chainSeconds = await this.#reader.chainTime();
    // Checked on the state as it is, before anything is written: a refusal leaves no trace.
    reserveSession(this.#ledger.state, { sessionId: '', stake, chainSeconds });
    parseEndpoint(target.provider.endpoint);
    if (this.#delegated) await this.#checkAllowance(stake);

    const sessionKey = secp256k1.utils.randomSecretKey();
    let record = this.records.create({
      chainId: this.config.chainId, user: this.user, provider: target.provider, model: target.model, bid: target.bid,
      stake, sessionKey: `0x${bytesToHex(sessionKey)}`,
    });
    this.#ledger.apply((state) => reserveSession(state, { sessionId: record.id, stake, chainSeconds }));
    const transactions: Hash[] = [];
    try {
      const { host, port } = parseEndpoint(target.provider.endpoint);
      const approval = await new MorRpcClient({ host, port, sessionKey })
        .requestSession({ user: this.user, bidId: target.bid.id, spend: stake });
      record = this.records.update(record.id, {
        providerPublicKey: approval.message, approval: approval.approval, approvalSignature: approval.approvalSig,
      });
      // With an allowance the wallet already approved the cap; the agent key has no MOR of its own to approve.
      if (!this.#delegated) {
        const approved = await this.#writer(record.id, 'approve').approveMor(stake);
        if (approved) {
          transactions.push(approved.hash);
          await this.#markMined(approved.hash);
        }
      }
      const opened = await this.#writer(record.id, 'open').openSession({
        user: this.user, amount: stake, directPayment: true, approval: approval.approval, approvalSignature: approval.approvalSig,
      });
      transactions.push(opened.hash);
      await this.#markMined(opened.hash);
      record = await this.recordOpened(record, opened.sessionId);
      return { record, transactions };
    } catch (error) {
      this.recordFailed(record, messageOf(error));
      throw error;
    }
  }

  /** A session that never opened: nothing was staked, and its reservation is released. */
  recordFailed(record: MarketSessionRecord, why: string): MarketSessionRecord {
    const failed = this.records.update(record.id, { state: 'failed', error: why });
    if (this.#ledger.state.sessions[record.id]?.closed === false) this.#ledger.apply((state) => settleSession(state, record.id, 0n));
    return failed;
  }

  async #checkAllowance(stake: bigint): Promise<void> {
    const allowance = await this.#reader.morAllowance(this.user);
    if (allowance < stake) {
      throw new HearthError('MARKET_ALLOWANCE_TOO_SMALL', {
        details: `the session needs ${stake} MOR wei and the wallet allows the marketplace ${allowance}`,
      });
    }
  }

  /** Records the on-chain session as this record's, open, with its times. */
  async recordOpened(record: MarketSessionRecord, sessionId: Hex): Promise<MarketSessionRecord> {
    const onChain = await this.#reader.getSession(sessionId);
    return this.records.update(record.id, { state: 'open', sessionId, openedAt: onChain.openedAt, endsAt: onChain.endsAt });
  }

  /** The reply source for an open session; `transactions` are recorded on its first reply. */
  replySource(record: MarketSessionRecord, transactions: Hash[] = []): ProviderReplySource {
    if (record.state !== 'open' || !record.sessionId || !record.providerPublicKey) {
      throw new HearthError('PROVIDER_SESSION_CLOSED', { details: `session ${record.id} is ${record.state}` });
    }
    return new ProviderReplySource({
      session: {
        provider: record.provider, model: record.model, bid: record.bid, sessionId: record.sessionId,
        sessionKey: hexToBytes(record.sessionKey.slice(2)), providerPublicKey: record.providerPublicKey,
      },
      transactions,
    });
  }

  /**
   * Closes the session on chain with the provider's receipt, or with the
   * user's own when the provider does not give one in time; records what it
   * cost and what came back. A session the chain already has closed is
   * recorded as the chain has it.
   */
  async close(id: string): Promise<MarketSessionRecord> {
    let record = this.#known(id);
    if (!record.sessionId) throw new HearthError('PROVIDER_SESSION_CLOSED', { details: `session ${id} was never opened (${record.state})` });
    const sessionId = record.sessionId;
    record = this.records.update(id, { state: 'closing' });
    const onChain = await this.#reader.getSession(sessionId);
    if (onChain.closedAt === 0n) {
      const { receipt, signature } = await this.#closingReceipt(record, sessionId);
      try {
        const closed = await this.#writer(id, 'close').closeSession({ receipt, signature });
        await this.#markMined(closed.hash);
      } catch (error) {
        // Closed meanwhile (by the agent key, another Hearth, or a close whose answer was lost): the chain's record stands.
        if ((await this.#reader.getSession(sessionId)).closedAt === 0n) {
          this.records.update(id, { state: 'open', error: messageOf(error) });
          throw error;
        }
      }
    }
    return this.#recordClosed(record);
  }

  /** The provider's signed receipt; without one in time, the user's own, signed by the session key (a dispute). */
  async #closingReceipt(record: MarketSessionRecord, sessionId: Hex): Promise<{ receipt: Hex; signature: Hex }> {
    const sessionKey = hexToBytes(record.sessionKey.slice(2));
    try {
      const { host, port } = parseEndpoint(record.provider.endpoint);
      const client = new MorRpcClient({ host, port, sessionKey, ...(record.providerPublicKey ? { providerPublicKey: record.providerPublicKey } : {}) });
      const report = await withTimeout(client.report(sessionId), this.#reportTimeoutMs);
      return { receipt: report.message, signature: report.signedReport };
    } catch {
      const receipt = encodeReceipt({
        sessionId, chainId: BigInt(this.config.chainId), timestamp: await this.#reader.chainTime(),
        tpsScaled1000: 0, ttftMs: 0, inputTokens: 0, outputTokens: 0,
      });
      return { receipt, signature: await signForChain(privateKeyToAccount(record.sessionKey), receipt) };
    }
  }

  /**
   * The chain's closed session in the record: its cost to the wei, what came
   * back, the part held until the next UTC midnight, and closed or expired.
   */
  async #recordClosed(record: MarketSessionRecord): Promise<MarketSessionRecord> {
    const onChain = await this.#reader.getSession(record.sessionId!);
    const cost = sessionCost(onChain, record.bid.pricePerSecond);
    const refund = onChain.stake - cost;
    const early = onChain.closedAt < onChain.endsAt;
    const held = early ? refund - await this.#refundedAtClose(record) : 0n;
    const closed = this.records.update(record.id, {
      state: early ? 'closed' : 'expired',
      openedAt: onChain.openedAt, endsAt: onChain.endsAt, closedAt: onChain.closedAt,
      costWei: cost, refundWei: refund, heldWei: held, heldUntil: early ? onChain.closedAt - (onChain.closedAt % day) + day : null, error: null,
    });
    if (this.#ledger.state.sessions[record.id]?.closed === false) this.#ledger.apply((state) => settleSession(state, record.id, cost));
    return closed;
  }

  /** The MOR the marketplace sent the user in the session's closing transaction: the refund not held. */
  async #refundedAtClose(record: MarketSessionRecord): Promise<bigint> {
    const closing = this.records.transactionsOf(record.id).filter((transaction) => transaction.kind === 'close' && transaction.status === 'mined').at(-1);
    if (!closing) return 0n;
    const receipt = await this.publicClient.getTransactionReceipt({ hash: closing.hash });
    const lower = (address: string) => address.toLowerCase();
    return parseEventLogs({ abi: erc20Abi, eventName: 'Transfer', logs: receipt.logs })
      .filter((log) => lower(log.address) === lower(this.config.mor) && lower(log.args.from) === lower(this.config.diamond) && lower(log.args.to) === lower(this.user))
      .reduce((sum, log) => sum + log.args.value, 0n);
  }

  #known(id: string): MarketSessionRecord {
    const record = this.records.get(id);
    if (!record) throw new HearthError('NOT_FOUND', { details: `no provider session ${id}` });
    return record;
  }

  /** Withdraws every released stake on hold to the user's wallet; null when none is released yet. */
  async withdraw(): Promise<{ hash: Hash; amount: bigint } | null> {
    const { available } = await this.#reader.getUserStakesOnHold(this.user);
    if (available === 0n) return null;
    const withdrawn = await this.#writer(null, 'withdraw').withdrawUserStakes(this.user);
    await this.#markMined(withdrawn.hash);
    return withdrawn;
  }
}

function messageOf(error: unknown): string {
  if (error instanceof HearthError) return error.details ? `${error.message} (${error.details})` : error.message;
  return error instanceof Error ? error.message : String(error);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new HearthError('PROVIDER_UNREACHABLE', { details: `no closing receipt within ${ms} ms` })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
