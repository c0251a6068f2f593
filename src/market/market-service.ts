/**
 * The marketplace in the core: the market read in the background and
 * ranked, provider sessions and their reconciliation at start, the wallet's
 * allowance and spend limits, and the reply source a chat message uses when
 * it asks a provider. Transactions are signed by the user's wallet (the
 * signer seam), or, once the wallet gave a session allowance, by Hearth's
 * agent key for it; Hearth never holds the wallet's key.
 */
import { isAddressEqual, type Address, type Hex } from 'viem';
import type { PrivateKeyAccount } from 'viem/accounts';
import type { EventName, EventPayload, MarketSessionView, MarketViewWire, ReplyTarget, WalletStatus } from '../api/contract.ts';
import { HearthError, toErrorPayload } from '../api/errors.ts';
import { FailoverReplySource, type ReplyCandidate } from '../chat/failover-reply-source.ts';
import type { ReplySource } from '../chat/reply-source.ts';
import type { Store } from '../store/store.ts';
import { accountSigner } from '../wallet/account-signer.ts';
import { createAgentKey, loadAgentKey } from '../wallet/agent-key.ts';
import { grantSessionAllowance, readSessionAllowance, revokeSessionAllowance } from '../wallet/session-allowance.ts';
import type { WalletSigner } from '../wallet/signer.ts';
import { proveWalletLink } from '../wallet/wallet-link-proof.ts';
import { WindowWalletSigner, type SignAnswer, type SignRequest } from '../wallet/window-wallet-signer.ts';
import { connectChainClient, type ChainClient } from './chain/client.ts';
import type { MarketChainConfig } from './chain/config.ts';
import { MarketView } from './market-view/market-view.ts';
import type { RankedBid } from './market-view/read-market.ts';
import { marketSessionWire, marketViewWire } from './market-wire.ts';
import { LeftOutProviders } from './rating/left-out-providers.ts';
import { providerCandidate } from './sessions/provider-candidate.ts';
import { ProviderSessions, type SessionTarget } from './sessions/provider-sessions.ts';
import { heldStakes, reconcileSessions } from './sessions/reconcile.ts';
import { recordingSigner } from './sessions/recording-signer.ts';
import { SpendLedger } from './sessions/spend-ledger.ts';
import { replyLimitRefusal } from './spend/refusals.ts';
import { daySpend, setSpendLimits, utcDay, type SpendLimits } from './spend/spend-limits.ts';

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface MarketServiceOptions {
  chain: MarketChainConfig;
  store: Pick<Store, 'marketSessions' | 'settings'>;
  emit: Emit;
  /** The user's wallet, when one is connected: it signs every transaction it is shown. */
  wallet?: WalletSigner;
  /** The local model, for a reply the user chose to continue on this computer. */
  localCandidate: () => ReplyCandidate;
  refreshMs?: number;
  pingTimeoutMs?: number;
  /** A provider that sends no text for this long is treated as gone (failover). */
  silenceMs?: number;
  /** How long a provider that failed a reply is left out. */
  leftOutMs?: number;
}

/** What the routing policy needs of the market (routeQuote). */
export interface RouteQuote {
  available: number;
  recentFailures: number;
  payable: boolean;
  worstCaseWei: bigint;
  left: { wei: bigint; limit: 'reply' | 'session' | 'day' } | null;
}

/** Paid time a session is opened for unless the user says otherwise. */
const defaultSessionMinutes = 30;
/** The longest a reply may take: its worst-case cost, checked against the limit per reply. */
const maxReplySeconds = 300n;

const wei = (value: bigint | undefined) => (value === undefined ? null : value.toString());
const fromWei = (value: string | null) => (value === null ? undefined : BigInt(value));

export class MarketService {
  readonly #options: MarketServiceOptions;
  readonly #reader: ChainClient;
  readonly #view: MarketView;
  readonly #ledger: SpendLedger;
  readonly #leftOut: LeftOutProviders;
  #reconciled: Promise<unknown> | undefined;
  #reconciling: Promise<unknown> | undefined;
  #agent: WalletSigner | undefined;
  #wallet: WalletSigner | undefined;

  constructor(options: MarketServiceOptions) {
    this.#options = options;
    this.#wallet = options.wallet;
    this.#reader = connectChainClient(options.chain);
    this.#view = new MarketView({
      client: this.#reader,
      ...(options.refreshMs ? { refreshMs: options.refreshMs } : {}),
      ...(options.pingTimeoutMs ? { pingTimeoutMs: options.pingTimeoutMs } : {}),
    });
    this.#ledger = new SpendLedger(options.store.settings);
    this.#leftOut = new LeftOutProviders({ durationMs: options.leftOutMs ?? 10 * 60_000 });
    this.#view.onChange(() => {
      options.emit('market.changed', this.view());
      // With each read, sessions whose paid time is up are closed, so that nothing stays staked for nothing.
      if (this.#user && this.#reconciling === undefined) {
        this.#reconciling = this.reconcile({ openings: false }).catch(() => undefined).finally(() => { this.#reconciling = undefined; });
      }
    });
  }

  get chain(): MarketChainConfig {
    return this.#options.chain;
  }

  /** Reads the market in the background and sets sessions left unfinished straight with the chain; never blocks. */
  start(): void {
    this.#view.start();
    if (this.#user) this.#reconciled = this.reconcile().catch(() => undefined);
  }

  stop(): void {
    this.#view.stop();
    this.disconnectWallet();
  }

  /**
   * The wallet the person connected in the window signs from now on: each
   * transaction is sent to the window as a `wallet.signRequest` event.
   * A wallet not linked before first proves it holds the address
   * (wallet-link-proof.ts). Sessions it left unfinished are set straight
   * with the chain.
   */
  async connectWallet({ address, chainId }: { address: Address; chainId: number }): Promise<WalletStatus> {
    if (chainId !== this.#options.chain.chainId) {
      throw new HearthError('WALLET_WRONG_NETWORK', { details: `the wallet is on chain ${chainId}; the marketplace is on chain ${this.#options.chain.chainId}` });
    }
    // The same wallet again (the window reloaded): its requests still wait, to be shown again (waitingSignRequests).
    if (this.#wallet instanceof WindowWalletSigner && isAddressEqual(this.#wallet.address, address)) return this.walletStatus();
    this.disconnectWallet();
    const wallet = new WindowWalletSigner({ address, chainId, ask: (request) => this.#options.emit('wallet.signRequest', request) });
    this.#wallet = wallet;
    try {
      await proveWalletLink({
        wallet: address, chainId, settings: this.#options.store.settings,
        sign: (request) => wallet.sign(request),
        isSignedBy: (args) => this.#reader.isSignedBy(args),
      });
    } catch (error) {
      // Unproven, it signs nothing; unless another wallet connected meanwhile, which stays.
      if (this.#wallet === wallet) this.disconnectWallet();
      throw error;
    }
    this.#reconciled = this.reconcile().catch(() => undefined);
    return this.walletStatus();
  }

  disconnectWallet(): void {
    if (this.#wallet instanceof WindowWalletSigner) this.#wallet.disconnect();
    if (this.#wallet !== this.#options.wallet) this.#wallet = this.#options.wallet;
  }

  /** The sign requests the window's wallet has not answered yet, oldest first. */
  waitingSignRequests(): SignRequest[] {
    return this.#wallet instanceof WindowWalletSigner ? this.#wallet.waiting() : [];
  }

  /** The window's answer to a sign request; false when none is waiting under that id. */
  answerSignRequest(id: string, answer: SignAnswer): boolean {
    return this.#wallet instanceof WindowWalletSigner && this.#wallet.answer(id, answer);
  }

  get #user(): Address | undefined {
    return this.#wallet?.address;
  }

  #owner() {
    const user = this.#user;
    if (!user) throw new HearthError('WALLET_NOT_CONNECTED');
    return { chainId: this.#options.chain.chainId, user };
  }

  /** The sessions of the connected wallet, signed by the agent key while it holds a session allowance, else by the wallet. */
  async #sessions(): Promise<ProviderSessions> {
    return (await this.#sessionsAndSigner()).sessions;
  }

  async #sessionsAndSigner(): Promise<{ sessions: ProviderSessions; byAgent: boolean }> {
    const owner = this.#owner();
    const agent = loadAgentKey(this.#options.store.settings, owner);
    const byAgent = agent ? (await readSessionAllowance({ client: this.#reader, user: owner.user, agent: agent.address })).delegated : false;
    const signer = agent && byAgent ? this.#agentSigner(agent) : this.#wallet!;
    const sessions = new ProviderSessions({
      config: this.#options.chain, signer, user: owner.user, records: this.#options.store.marketSessions, ledger: this.#ledger,
    });
    return { sessions, byAgent };
  }

  /** One signer per agent key, so that its transactions go out one at a time. */
  #agentSigner(agent: PrivateKeyAccount): WalletSigner {
    if (this.#agent?.address !== agent.address) this.#agent = accountSigner(agent, this.#options.chain.rpcUrl, this.#options.chain.chainId);
    return this.#agent;
  }

  /**
   * Sessions left open or half done are closed, kept or marked; released
   * stakes are withdrawn at once where the agent key may, and offered
   * (wallet.status's stakes) where the wallet must sign.
   */
  async reconcile({ openings = true }: { openings?: boolean } = {}) {
    const { sessions, byAgent } = await this.#sessionsAndSigner();
    const report = await reconcileSessions(sessions, { withdraw: byAgent, openings });
    this.#options.emit('sessions.changed', {});
    return report;
  }

  view(): MarketViewWire {
    return marketViewWire(this.#view.state, this.#leftOut);
  }

  /**
   * What the routing policy needs of the market, from what was last read
   * (no chain call): the ranked bids of the model a "best provider" reply
   * would use, providers left out after failing lately, whether a wallet
   * can pay, the best bid's worst case for one reply, and what is left of
   * the tightest spend limit.
   */
  routeQuote(): RouteQuote {
    const model = this.#view.state.snapshot?.models.find((candidate) => candidate.bids.length > 0);
    const best = model?.bids[0];
    const { perReply, perSession, perDay } = this.#ledger.limits;
    const today = utcDay(BigInt(Math.floor(Date.now() / 1000)));
    const left = [
      perReply === undefined ? null : { wei: perReply, limit: 'reply' as const },
      perSession === undefined ? null : { wei: perSession, limit: 'session' as const },
      perDay === undefined ? null : { wei: perDay - daySpend(this.#ledger.state, today), limit: 'day' as const },
    ].filter((entry) => entry !== null).sort((a, b) => (a.wei < b.wei ? -1 : a.wei > b.wei ? 1 : 0))[0] ?? null;
    return {
      available: model?.bids.length ?? 0,
      recentFailures: this.#leftOut.list().length,
      payable: this.#user !== undefined,
      worstCaseWei: best ? best.pricePerSecond * maxReplySeconds : 0n,
      left,
    };
  }

  async refresh(): Promise<MarketViewWire> {
    await this.#view.refresh();
    return this.view();
  }

  async walletStatus(): Promise<WalletStatus> {
    const { limits } = this.#ledger;
    const status: WalletStatus = {
      connected: this.#user !== undefined,
      address: this.#user ?? null,
      chainId: this.#options.chain.chainId,
      ethWei: null, morWei: null, allowanceWei: null, agent: null,
      limits: { perReplyWei: wei(limits.perReply), perSessionWei: wei(limits.perSession), perDayWei: wei(limits.perDay) },
      spentTodayWei: '0',
      stakes: { availableWei: '0', holdWei: '0', held: [] },
    };
    const user = this.#user;
    if (!user) return status;
    try {
      const [ethWei, morWei, allowanceWei, stakes, now] = await Promise.all([
        this.#reader.ethBalance(user), this.#reader.morBalance(user), this.#reader.morAllowance(user),
        this.#reader.getUserStakesOnHold(user), this.#reader.chainTime(),
      ]);
      const agent = loadAgentKey(this.#options.store.settings, this.#owner());
      const allowance = agent ? await readSessionAllowance({ client: this.#reader, user, agent: agent.address }) : null;
      const held = heldStakes(this.#options.store.marketSessions, { chainId: this.#options.chain.chainId, user, now })
        .map(({ sessionRef, amount, releasedAt }) => ({ sessionRef, amountWei: amount.toString(), releasedAt: Number(releasedAt) }));
      return {
        ...status,
        ethWei: ethWei.toString(), morWei: morWei.toString(), allowanceWei: allowanceWei.toString(),
        agent: agent && allowance ? { address: agent.address, delegated: allowance.delegated, ethWei: allowance.agentEth.toString() } : null,
        spentTodayWei: daySpend(this.#ledger.state, utcDay(now)).toString(),
        stakes: { availableWei: stakes.available.toString(), holdWei: stakes.hold.toString(), held },
      };
    } catch (error) {
      return { ...status, error: toErrorPayload(error) };
    }
  }

  setLimits(limits: { perReplyWei: string | null; perSessionWei: string | null; perDayWei: string | null }): Promise<WalletStatus> {
    const next: SpendLimits = {};
    const perReply = fromWei(limits.perReplyWei);
    const perSession = fromWei(limits.perSessionWei);
    const perDay = fromWei(limits.perDayWei);
    if (perReply !== undefined) next.perReply = perReply;
    if (perSession !== undefined) next.perSession = perSession;
    if (perDay !== undefined) next.perDay = perDay;
    this.#ledger.apply((state) => setSpendLimits(state, next));
    return this.walletStatus();
  }

  /** A client that writes with the wallet's own signature, each transaction recorded under `kind` as it is sent. */
  #walletWriter(kindOf: (to: Address) => 'allowance' | 'delegate' | 'fund' | 'revoke'): ChainClient {
    const wallet = this.#wallet;
    if (!wallet) throw new HearthError('WALLET_NOT_CONNECTED');
    return connectChainClient(this.#options.chain, recordingSigner(wallet, (hash, request) => {
      this.#options.store.marketSessions.recordTransaction({ hash, chainId: this.#options.chain.chainId, sessionRef: null, kind: kindOf(request.to), purpose: request.purpose });
    }));
  }

  async grantAllowance({ capWei, gasWei }: { capWei: string; gasWei: string }): Promise<WalletStatus> {
    const agent = loadAgentKey(this.#options.store.settings, this.#owner()) ?? createAgentKey(this.#options.store.settings, this.#owner());
    const mor = this.#options.chain.mor.toLowerCase();
    const wallet = this.#walletWriter((to) => (to.toLowerCase() === mor ? 'allowance' : to.toLowerCase() === agent.address.toLowerCase() ? 'fund' : 'delegate'));
    await grantSessionAllowance({ wallet, agent: agent.address, capMor: BigInt(capWei), gasEth: BigInt(gasWei) });
    return this.walletStatus();
  }

  async revokeAllowance(): Promise<WalletStatus> {
    const agent = loadAgentKey(this.#options.store.settings, this.#owner());
    if (!agent) throw new HearthError('WALLET_NO_ALLOWANCE');
    await revokeSessionAllowance({ wallet: this.#walletWriter(() => 'revoke'), agent: agent.address });
    return this.walletStatus();
  }

  listSessions(): MarketSessionView[] {
    const { marketSessions } = this.#options.store;
    return marketSessions.list({ chainId: this.#options.chain.chainId })
      .map((record) => marketSessionWire(record, marketSessions.transactionsOf(record.id)));
  }

  #wire(id: string): MarketSessionView {
    const { marketSessions } = this.#options.store;
    return marketSessionWire(marketSessions.get(id)!, marketSessions.transactionsOf(id));
  }

  /**
   * The user left the providers of other bids for this one: their open
   * sessions are closed, so that the unused part of their stakes comes back.
   */
  async #leaveOthers(sessions: ProviderSessions, bidId: Hex): Promise<void> {
    const others = this.#options.store.marketSessions.list({ states: ['open'], chainId: this.#options.chain.chainId, user: sessions.user })
      .filter((record) => record.bid.id.toLowerCase() !== bidId.toLowerCase());
    for (const record of others) await sessions.close(record.id).catch(() => undefined);
    if (others.length > 0) this.#options.emit('sessions.changed', {});
  }

  /** The bid as the latest market read has it, ready to open a session on. */
  #target(bidId: string): { target: SessionTarget; modelId: Hex } {
    const snapshot = this.#view.state.snapshot;
    for (const model of snapshot?.models ?? []) {
      const bid = [...model.bids, ...model.skipped].find((candidate) => candidate.id.toLowerCase() === bidId.toLowerCase());
      if (bid) return { target: this.#toTarget(bid, model.name), modelId: model.id };
    }
    throw new HearthError('MARKET_BID_NOT_FOUND', { details: `bid ${bidId} is not in the market as last read` });
  }

  #toTarget(bid: RankedBid | { id: Hex; provider: Address; pricePerSecond: bigint; modelId: Hex }, modelName: string): SessionTarget {
    const provider = this.#view.state.snapshot?.providers.find((candidate) => candidate.address.toLowerCase() === bid.provider.toLowerCase());
    if (!provider) throw new HearthError('MARKET_BID_NOT_FOUND', { details: `the provider of bid ${bid.id} is not in the market as last read` });
    return { provider: { address: provider.address, endpoint: provider.endpoint }, model: { id: bid.modelId, name: modelName }, bid: { id: bid.id, pricePerSecond: bid.pricePerSecond } };
  }

  /** What `minutes` of a bid cost as a stake: the contract's own conversion, and never less than the time at its price. */
  async #stakeFor(pricePerSecond: bigint, minutes = defaultSessionMinutes): Promise<bigint> {
    const price = pricePerSecond * BigInt(minutes * 60);
    const stake = await this.#reader.stipendToStake(price, await this.#reader.chainTime());
    return stake > price ? stake : price;
  }

  async openSession({ bidId, minutes }: { bidId: string; minutes?: number }): Promise<MarketSessionView> {
    const { target } = this.#target(bidId);
    const sessions = await this.#sessions();
    const { record } = await sessions.open(target, { stake: await this.#stakeFor(target.bid.pricePerSecond, minutes) });
    this.#options.emit('sessions.changed', {});
    return this.#wire(record.id);
  }

  async closeSession(id: string): Promise<MarketSessionView> {
    const record = await (await this.#sessions()).close(id);
    this.#options.emit('sessions.changed', {});
    return this.#wire(record.id);
  }

  async withdraw(): Promise<{ hash: Hex | null; amountWei: string }> {
    const withdrawn = await (await this.#sessions()).withdraw();
    this.#options.emit('sessions.changed', {});
    return { hash: withdrawn?.hash ?? null, amountWei: (withdrawn?.amount ?? 0n).toString() };
  }

  /**
   * Where a message asked of a provider is written: the named bid (or the
   * model's best ranked), then, if it fails, the next ranked bids, the
   * local model, or nothing, as the user chose. A reply whose worst case
   * passes the limit per reply is refused before any session is opened.
   */
  async replySource(target: Extract<ReplyTarget, { kind: 'provider' }>): Promise<ReplySource> {
    await this.#reconciled;
    const snapshot = this.#view.state.snapshot ?? (await this.#view.refresh()).snapshot;
    const modelId = target.bidId ? this.#target(target.bidId).modelId : target.modelId;
    const model = snapshot?.models.find((candidate) => (modelId ? candidate.id.toLowerCase() === modelId.toLowerCase() : candidate.bids.length > 0));
    if (!model || model.bids.length === 0) {
      throw new HearthError('MARKET_NO_PROVIDER', this.#view.state.error ? { details: `the market could not be read: ${this.#view.state.error.message}` } : {});
    }
    const ranked = target.bidId
      ? [...model.bids.filter((bid) => bid.id.toLowerCase() === target.bidId!.toLowerCase()), ...model.bids.filter((bid) => bid.id.toLowerCase() !== target.bidId!.toLowerCase())]
      : model.bids;
    const chosen = target.fallback === 'next-bid' ? ranked : ranked.slice(0, 1);
    const sessions = await this.#sessions();
    const candidates: ReplyCandidate[] = [];
    for (const bid of chosen) {
      const perReply = this.#ledger.limits.perReply;
      const worst = bid.pricePerSecond * maxReplySeconds;
      if (perReply !== undefined && worst > perReply) {
        if (candidates.length === 0 && bid === chosen[0]) throw replyLimitRefusal(worst, perReply);
        continue;
      }
      const sessionTarget = this.#toTarget(bid, model.name);
      candidates.push(providerCandidate(sessions, sessionTarget, {
        stake: () => this.#stakeFor(bid.pricePerSecond),
        onOpened: () => this.#options.emit('sessions.changed', {}),
      }));
    }
    if (target.fallback === 'local') candidates.push(this.#options.localCandidate());
    const asked = chosen[0];
    if (asked) void this.#leaveOthers(sessions, asked.id);
    return new FailoverReplySource({ candidates, leftOut: this.#leftOut, silenceMs: this.#options.silenceMs ?? 30_000 });
  }
}
