/**
 * The marketplace on chain, for the consumer side and the provider: typed
 * calls to the Morpheus interface Hearth uses (../used-interface.ts) at the
 * configured marketplace and MOR addresses, so the same code runs against the
 * live Diamond on Base and against Hearth's dev-chain contract.
 *
 * Every failure is a HearthError with a sentence (chain-error.ts). Writes are
 * simulated first, so a revert is reported with its reason before anything is
 * sent, then handed to a WalletSigner (src/wallet/signer.ts) with a sentence
 * saying what they do, and awaited until mined: the client prepares
 * transactions and never holds the key that signs them.
 */
import {
  createPublicClient, encodeFunctionData, erc20Abi, http, isAddressEqual, parseEventLogs,
  type Abi, type Account, type Address, type Chain, type EncodeFunctionDataParameters, type Hash, type Hex, type PublicClient, type Transport, type TypedDataDefinition,
} from 'viem';
import type { TypedDataWire } from '../../api/contract.ts';
import { HearthError } from '../../api/errors.ts';
import { accountSigner } from '../../wallet/account-signer.ts';
import type { WalletSigner } from '../../wallet/signer.ts';
import { delegateRegistryAbi } from '../abi/delegate-registry.ts';
import { usedAbi } from '../used-interface.ts';
import { earlyClaimRefusal, isArithmeticPanic, toChainError } from './chain-error.ts';
import type { MarketChainConfig } from './config.ts';
import { delegationRules } from './delegation-rules.ts';
import { rpcChain } from './rpc-chain.ts';
import { decodeApproval, decodeReceipt } from './signed-messages.ts';
import { transactionPurpose } from './transaction-purpose.ts';

export interface ProviderRecord { endpoint: string; stake: bigint; createdAt: bigint; limitPeriodEnd: bigint; limitPeriodEarned: bigint; isDeleted: boolean }
export interface ModelRecord { ipfsCID: Hex; fee: bigint; stake: bigint; owner: Address; name: string; tags: readonly string[]; createdAt: bigint; isDeleted: boolean }
export interface BidRecord { provider: Address; modelId: Hex; pricePerSecond: bigint; nonce: bigint; createdAt: bigint; deletedAt: bigint }
export interface SessionRecord {
  user: Address; bidId: Hex; stake: bigint; closeoutReceipt: Hex; closeoutType: bigint; providerWithdrawnAmount: bigint;
  openedAt: bigint; endsAt: bigint; closedAt: bigint; isActive: boolean; isDirectPaymentFromUser: boolean;
}
export interface StakesOnHold {
  /** Released (after its UTC midnight) and waiting for withdrawUserStakes. */
  available: bigint;
  /** Still held until the next UTC midnight. */
  hold: bigint;
}
/** A running mean and sum of squared deviations, as the contract keeps them. */
export interface RunningStat { mean: bigint; sqSum: bigint }
/** A provider's record for one model, from the closing receipts of its sessions. */
export interface ProviderModelStats { tpsScaled1000: RunningStat; ttftMs: RunningStat; totalDuration: number; successCount: number; totalCount: number }
/** Every provider's agreed sessions of one model together (durations in seconds). */
export interface ModelStats { tpsScaled1000: RunningStat; ttftMs: RunningStat; totalDuration: RunningStat; count: number }
export interface Mined { hash: Hash }

export interface ModelRegistration {
  baseModelId: Hex;
  ipfsCID: Hex;
  fee: bigint;
  stake: bigint;
  name: string;
  tags: string[];
}

export interface ChainClient {
  readonly config: MarketChainConfig;
  /** The address that signs transactions (its signer's), or undefined for a read-only client. */
  readonly account: Address | undefined;

  morBalance(owner?: Address): Promise<bigint>;
  ethBalance(owner?: Address): Promise<bigint>;
  morAllowance(owner?: Address): Promise<bigint>;
  /**
   * Makes sure the marketplace may take `needed` MOR from this wallet (stakes, bid fees,
   * session stakes): nothing is sent when the allowance already covers it (undefined);
   * when it is short, it is raised to exactly `needed`. It is never lowered.
   */
  approveMor(needed: bigint): Promise<Mined | undefined>;
  /**
   * Sets the marketplace's MOR allowance from this wallet to exactly `amount`, lower or
   * higher. Only for a session allowance, whose cap it is, and for revoking one with 0:
   * every other spend goes through approveMor, which never lowers what was allowed.
   */
  setMorAllowance(amount: bigint): Promise<Mined>;
  /** Sends plain ETH from this wallet; used to pay Hearth's session key its network fees. */
  transferEth(args: { to: Address; value: bigint }): Promise<Mined>;
  /** Seconds since the epoch of the latest block: the contract's clock. */
  chainTime(): Promise<bigint>;

  // Provider
  registerProvider(args: { stake: bigint; endpoint: string }): Promise<Mined>;
  deregisterProvider(): Promise<Mined>;
  /** Posts (or replaces) this wallet's bid for a model; returns the bid id. */
  postBid(args: { modelId: Hex; pricePerSecond: bigint }): Promise<Mined & { bidId: Hex }>;
  deleteBid(bidId: Hex): Promise<Mined>;
  claimForProvider(sessionId: Hex): Promise<Mined>;
  getProvider(provider: Address): Promise<ProviderRecord>;
  getProviderActiveBids(provider: Address): Promise<Hex[]>;
  /** The lowest and highest price per second (MOR wei) the marketplace takes in a bid. */
  getBidPriceLimits(): Promise<{ min: bigint; max: bigint }>;
  /** The least stake a provider may register with (the rating's stake range starts there). */
  getProviderMinimumStake(): Promise<bigint>;

  // Models
  registerModel(model: ModelRegistration): Promise<Mined & { modelId: Hex }>;
  getModel(modelId: Hex): Promise<ModelRecord>;
  getActiveModelIds(): Promise<Hex[]>;
  getModelActiveBids(modelId: Hex): Promise<Hex[]>;
  getActiveProviders(): Promise<Address[]>;
  getBid(bidId: Hex): Promise<BidRecord>;
  getProviderModelStats(args: { modelId: Hex; provider: Address }): Promise<ProviderModelStats>;
  getModelStats(modelId: Hex): Promise<ModelStats>;

  // Delegation
  /** Whether `delegatee` may act for `delegator` under `rights` (see delegation-rules.ts), as the contract checks it. */
  isRightsDelegated(args: { delegatee: Address; delegator: Address; rights: Hex }): Promise<boolean>;
  /** The delegate.xyz v2 registry the marketplace checks delegations in. */
  getDelegationRegistry(): Promise<Address>;
  /**
   * Gives `agent` the session right for this wallet at the marketplace (open, close and
   * claim sessions, withdraw stakes), or takes it back: a delegate.xyz v2 delegation for
   * the marketplace's address only.
   */
  setSessionDelegation(args: { agent: Address; enable: boolean }): Promise<Mined>;

  // Consumer
  /**
   * Opens a session for `user` (by default the signer): with a session allowance the
   * agent key signs, the wallet is the user, and the stake comes from the wallet.
   */
  openSession(args: { amount: bigint; directPayment: boolean; approval: Hex; approvalSignature: Hex; user?: Address }): Promise<Mined & { sessionId: Hex }>;
  closeSession(args: { receipt: Hex; signature: Hex }): Promise<Mined>;
  getSession(sessionId: Hex): Promise<SessionRecord>;
  getUserSessions(user?: Address): Promise<Hex[]>;
  getUserStakesOnHold(user?: Address): Promise<StakesOnHold>;
  /** Withdraws every released held stake of `user` (by default the signer) to that user; returns the amount. */
  withdrawUserStakes(user?: Address): Promise<Mined & { amount: bigint }>;
  isApprovalUsed(approval: Hex): Promise<boolean>;
  /** The input of the transaction that opened a session (opened at `openedAt`, chain time), or null when none is found. */
  getSessionOpeningInput(sessionId: Hex, openedAt: bigint): Promise<Hex | null>;
  /**
   * The sessions opened with `provider` in blocks `fromBlock` up to the latest one (at most
   * `maxBlocks`), each with the input of the transaction that opened it; `toBlock` is the last block
   * read, `caughtUp` whether it is the latest.
   */
  getSessionsOpenedWith(provider: Address, fromBlock: bigint, maxBlocks: bigint): Promise<SessionsOpened>;
  latestBlockNumber(): Promise<bigint>;

  // Money
  getSessionEnd(args: { amount: bigint; pricePerSecond: bigint; openedAt: bigint }): Promise<bigint>;
  stakeToStipend(amount: bigint, timestamp: bigint): Promise<bigint>;
  stipendToStake(stipend: bigint, timestamp: bigint): Promise<bigint>;
  getTodaysBudget(timestamp: bigint): Promise<bigint>;
  // Signatures
  /** Whether `signer` signed the typed data or message: a key's signature, or a smart-contract wallet's (ERC-1271, ERC-6492). */
  isSignedBy(args: { signer: Address; signature: Hex } & ({ typedData: TypedDataWire } | { message: string })): Promise<boolean>;
}

/** Sessions opened with a provider in a range of blocks, each with its opening transaction's input. */
export interface SessionsOpened {
  toBlock: bigint;
  caughtUp: boolean;
  opened: { sessionId: Hex; input: Hex }[];
}

/** Pages of paginated views; the live Diamond returns `(items, totalCount)`. */
const pageSize = 100n;
/** withdrawUserStakes and getUserStakesOnHold take a uint8 count of held entries. */
const maxHeldEntries = 255;
/** Blocks searched for a session's opening from the first one at its time: chains may give a few blocks the same second. */
const openingBlockSpan = 32n;

export interface ChainClientOptions {
  config: MarketChainConfig;
  publicClient: PublicClient<Transport, Chain | undefined>;
  /** Needed for writes: whoever holds the key signs them. */
  signer?: WalletSigner;
}

/** A simulated contract call, as viem's simulateContract returns it: what `send` encodes and hands to the signer. */
interface SimulatedCall {
  request: { address: Address; abi: Abi; functionName: string; args?: readonly unknown[]; value?: bigint };
}

export function createChainClient({ config, publicClient, signer }: ChainClientOptions): ChainClient {
  const market = { address: config.diamond, abi: usedAbi } as const;
  const mor = { address: config.mor, abi: erc20Abi } as const;
  let networkChecked = false;

  async function guard<T>(action: string, run: () => Promise<T>): Promise<T> {
    try {
      if (!networkChecked) {
        const chainId = await publicClient.getChainId();
        if (chainId !== config.chainId) {
          throw new HearthError('CHAIN_WRONG_NETWORK', { details: `the node at ${config.rpcUrl} is chain ${chainId}, not ${config.chainId}` });
        }
        networkChecked = true;
      }
      return await run();
    } catch (error) {
      throw toChainError(error, action);
    }
  }

  function me(who?: Address): Address {
    const address = who ?? signer?.address;
    if (!address) throw new HearthError('INTERNAL', { details: 'this call needs an address or a wallet' });
    return address;
  }

  function wallet(): WalletSigner {
    if (!signer) throw new HearthError('INTERNAL', { details: 'this call sends a transaction and needs a wallet' });
    return signer;
  }

  /** The address that signs, for simulating a write as it will be sent. */
  const sender = () => wallet().address;

  /** Every page of a paginated view. */
  async function readAll<T>(page: (offset: bigint, limit: bigint) => Promise<readonly [readonly T[], bigint]>): Promise<T[]> {
    const items: T[] = [];
    for (;;) {
      const [part, total] = await page(BigInt(items.length), pageSize);
      items.push(...part);
      if (part.length === 0 || BigInt(items.length) >= total) return items;
    }
  }

  /** Hands a transaction to the signer with what it does, in words, and waits until it is mined. */
  async function sendAndWait(request: { to: Address; data: Hex; value?: bigint }, purpose: string) {
    const hash = await wallet().sendTransaction({ chainId: config.chainId, ...request, purpose });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new HearthError('CHAIN_REVERTED', { details: `transaction ${hash} reverted in block ${receipt.blockNumber}` });
    return receipt;
  }

  /** Sends a simulated call (a revert surfaced there, with its reason, before anything was signed). */
  async function send({ request: { address, abi, functionName, args, value } }: SimulatedCall, purpose: string) {
    const data = encodeFunctionData({ abi, functionName, args } as EncodeFunctionDataParameters);
    return sendAndWait({ to: address, data, ...(value ? { value } : {}) }, purpose);
  }

  const simulate = publicClient.simulateContract;
  const readRegistry = () => publicClient.readContract({ ...market, functionName: 'getRegistry' });

  return {
    config,
    account: signer?.address,

    morBalance: (owner) => guard('read the MOR balance', () => publicClient.readContract({ ...mor, functionName: 'balanceOf', args: [me(owner)] })),
    ethBalance: (owner) => guard('read the ETH balance', () => publicClient.getBalance({ address: me(owner) })),
    morAllowance: (owner) => guard('read the MOR allowance', () =>
      publicClient.readContract({ ...mor, functionName: 'allowance', args: [me(owner), config.diamond] })),
    // ERC-20 approve sets the allowance rather than adding to it, and one number covers
    // everything this wallet allowed the marketplace, for Hearth or for anything else. So it
    // is read first: when it covers `needed`, nothing is sent (approving `needed` would lower
    // it). When it is short it is set to exactly `needed`, the larger of the two, rather than
    // current + needed: the wallet shows the user exactly what this action takes, what was
    // allowed before is raised, never lowered, and the user is never asked for more than the
    // action spends.
    approveMor: (needed) => guard('approve MOR for the marketplace', async () => {
      const current = await publicClient.readContract({ ...mor, functionName: 'allowance', args: [sender(), config.diamond] });
      if (current >= needed) return undefined;
      const receipt = await send(await simulate({ ...mor, account: sender(), functionName: 'approve', args: [config.diamond, needed] }), transactionPurpose.allowMor(needed));
      return { hash: receipt.transactionHash };
    }),
    setMorAllowance: (amount) => guard('set the MOR allowance for the marketplace', async () => {
      const receipt = await send(await simulate({ ...mor, account: sender(), functionName: 'approve', args: [config.diamond, amount] }), transactionPurpose.allowMor(amount));
      return { hash: receipt.transactionHash };
    }),
    transferEth: ({ to, value }) => guard('send ETH', async () => {
      const receipt = await sendAndWait({ to, data: '0x', value }, transactionPurpose.fundSessionKey(to, value));
      return { hash: receipt.transactionHash };
    }),
    chainTime: () => guard('read the chain time', async () => (await publicClient.getBlock()).timestamp),

    registerProvider: ({ stake, endpoint }) => guard('register the provider', async () => {
      const receipt = await send(await simulate({ ...market, account: sender(), functionName: 'providerRegister', args: [me(), stake, endpoint] }),
        transactionPurpose.registerProvider(stake, endpoint));
      return { hash: receipt.transactionHash };
    }),
    deregisterProvider: () => guard('deregister the provider', async () => {
      const receipt = await send(await simulate({ ...market, account: sender(), functionName: 'providerDeregister', args: [me()] }), transactionPurpose.deregisterProvider());
      return { hash: receipt.transactionHash };
    }),
    postBid: ({ modelId, pricePerSecond }) => guard('post the bid', async () => {
      const receipt = await send(await simulate({ ...market, account: sender(), functionName: 'postModelBid', args: [me(), modelId, pricePerSecond] }),
        transactionPurpose.postBid(modelId, pricePerSecond));
      const [posted] = parseEventLogs({ abi: usedAbi, eventName: 'MarketplaceBidPosted', logs: receipt.logs });
      if (!posted) throw new HearthError('CHAIN_REVERTED', { details: 'postModelBid mined without a MarketplaceBidPosted event' });
      const bidId = await publicClient.readContract({ ...market, functionName: 'getBidId', args: [me(), modelId, posted.args.nonce] });
      return { hash: receipt.transactionHash, bidId };
    }),
    deleteBid: (bidId) => guard('delete the bid', async () => {
      const receipt = await send(await simulate({ ...market, account: sender(), functionName: 'deleteModelBid', args: [bidId] }), transactionPurpose.deleteBid(bidId));
      return { hash: receipt.transactionHash };
    }),
    claimForProvider: (sessionId) => guard('claim the provider’s earnings', async () => {
      const simulated = simulate({ ...market, account: sender(), functionName: 'claimForProvider', args: [sessionId] })
        .catch(async (error: unknown) => {
          if (!isArithmeticPanic(error)) throw error;
          const { closedAt } = await publicClient.readContract({ ...market, functionName: 'getSession', args: [sessionId] });
          throw closedAt > 0n ? earlyClaimRefusal(closedAt, error) : error;
        });
      const receipt = await send(await simulated, transactionPurpose.claimForProvider(sessionId));
      return { hash: receipt.transactionHash };
    }),
    getProvider: (provider) => guard('read the provider', () => publicClient.readContract({ ...market, functionName: 'getProvider', args: [provider] })),
    getProviderActiveBids: (provider) => guard('list the provider’s bids', () =>
      readAll((offset, limit) => publicClient.readContract({ ...market, functionName: 'getProviderActiveBids', args: [provider, offset, limit] }))),
    getBidPriceLimits: () => guard('read the marketplace’s bid price limits', async () => {
      const [min, max] = await publicClient.readContract({ ...market, functionName: 'getMinMaxBidPricePerSecond' });
      return { min, max };
    }),
    getProviderMinimumStake: () => guard('read the minimum provider stake', () =>
      publicClient.readContract({ ...market, functionName: 'getProviderMinimumStake' })),

    registerModel: (model) => guard('register the model', async () => {
      const args = [me(), model.baseModelId, model.ipfsCID, model.fee, model.stake, model.name, model.tags] as const;
      const receipt = await send(await simulate({ ...market, account: sender(), functionName: 'modelRegister', args }), transactionPurpose.registerModel(model.name, model.stake));
      const modelId = await publicClient.readContract({ ...market, functionName: 'getModelId', args: [me(), model.baseModelId] });
      return { hash: receipt.transactionHash, modelId };
    }),
    getModel: (modelId) => guard('read the model', () => publicClient.readContract({ ...market, functionName: 'getModel', args: [modelId] })),
    getActiveModelIds: () => guard('list the models', () =>
      readAll((offset, limit) => publicClient.readContract({ ...market, functionName: 'getActiveModelIds', args: [offset, limit] }))),
    getModelActiveBids: (modelId) => guard('list the model’s bids', () =>
      readAll((offset, limit) => publicClient.readContract({ ...market, functionName: 'getModelActiveBids', args: [modelId, offset, limit] }))),
    getActiveProviders: () => guard('list the providers', () =>
      readAll((offset, limit) => publicClient.readContract({ ...market, functionName: 'getActiveProviders', args: [offset, limit] }))),
    getBid: (bidId) => guard('read the bid', () => publicClient.readContract({ ...market, functionName: 'getBid', args: [bidId] })),
    getProviderModelStats: ({ modelId, provider }) => guard('read the provider’s record', () =>
      publicClient.readContract({ ...market, functionName: 'getProviderModelStats', args: [modelId, provider] })),
    getModelStats: (modelId) => guard('read the model’s record', () =>
      publicClient.readContract({ ...market, functionName: 'getModelStats', args: [modelId] })),
    isRightsDelegated: ({ delegatee, delegator, rights }) => guard('read a delegation', () =>
      publicClient.readContract({ ...market, functionName: 'isRightsDelegated', args: [delegatee, delegator, rights] })),
    getDelegationRegistry: () => guard('read the delegation registry', readRegistry),
    setSessionDelegation: ({ agent, enable }) => guard(enable ? 'delegate the session right' : 'take back the session right', async () => {
      const receipt = await send(await simulate({
        address: await readRegistry(), abi: delegateRegistryAbi, account: sender(), functionName: 'delegateContract',
        args: [agent, config.diamond, delegationRules.session, enable],
      }), transactionPurpose.sessionDelegation(agent, enable));
      return { hash: receipt.transactionHash };
    }),

    openSession: ({ amount, directPayment, approval, approvalSignature, user }) => guard('open a session', async () => {
      const args = [me(user), amount, directPayment, approval, approvalSignature] as const;
      const forAnother = user && !isAddressEqual(user, sender()) ? user : undefined;
      const receipt = await send(await simulate({ ...market, account: sender(), functionName: 'openSession', args }),
        transactionPurpose.openSession(decodeApproval(approval).bidId, amount, forAnother));
      const [opened] = parseEventLogs({ abi: usedAbi, eventName: 'SessionOpened', logs: receipt.logs });
      if (!opened) throw new HearthError('CHAIN_REVERTED', { details: 'openSession mined without a SessionOpened event' });
      return { hash: receipt.transactionHash, sessionId: opened.args.sessionId };
    }),
    closeSession: ({ receipt: closing, signature }) => guard('close the session', async () => {
      const receipt = await send(await simulate({ ...market, account: sender(), functionName: 'closeSession', args: [closing, signature] }),
        transactionPurpose.closeSession(decodeReceipt(closing).sessionId));
      return { hash: receipt.transactionHash };
    }),
    getSession: (sessionId) => guard('read the session', () => publicClient.readContract({ ...market, functionName: 'getSession', args: [sessionId] })),
    getUserSessions: (user) => guard('list the sessions', () =>
      readAll((offset, limit) => publicClient.readContract({ ...market, functionName: 'getUserSessions', args: [me(user), offset, limit] }))),
    getUserStakesOnHold: (user) => guard('read the held stakes', async () => {
      const [available, hold] = await publicClient.readContract({ ...market, functionName: 'getUserStakesOnHold', args: [me(user), maxHeldEntries] });
      return { available, hold };
    }),
    withdrawUserStakes: (user) => guard('withdraw the released stakes', async () => {
      const receipt = await send(await simulate({ ...market, account: sender(), functionName: 'withdrawUserStakes', args: [me(user), maxHeldEntries] }),
        transactionPurpose.withdrawUserStakes());
      const [withdrawn] = parseEventLogs({ abi: usedAbi, eventName: 'UserWithdrawn', logs: receipt.logs });
      return { hash: receipt.transactionHash, amount: withdrawn?.args.amount_ ?? 0n };
    }),
    isApprovalUsed: (approval) => guard('check the approval', () =>
      publicClient.readContract({ ...market, functionName: 'getIsProviderApprovalUsed', args: [approval] })),
    getSessionOpeningInput: (sessionId, openedAt) => guard('find the transaction that opened the session', async () => {
      // Uncached: viem keeps the block number for seconds, and the session may have opened in the block just mined.
      const latest = await publicClient.getBlockNumber({ cacheTime: 0 });
      // The first block at or after `openedAt`, by bisection: a few dozen reads at most, once per session.
      let [low, high] = [0n, latest];
      while (low < high) {
        const middle = (low + high) / 2n;
        if ((await publicClient.getBlock({ blockNumber: middle })).timestamp < openedAt) low = middle + 1n;
        else high = middle;
      }
      const toBlock = low + openingBlockSpan < latest ? low + openingBlockSpan : latest;
      const [opened] = await publicClient.getContractEvents({ ...market, eventName: 'SessionOpened', args: { sessionId }, fromBlock: low, toBlock });
      if (!opened) return null;
      return (await publicClient.getTransaction({ hash: opened.transactionHash })).input;
    }),
    getSessionsOpenedWith: (provider, fromBlock, maxBlocks) => guard('read the sessions opened', async () => {
      const latest = await publicClient.getBlockNumber({ cacheTime: 0 });
      const toBlock = fromBlock + maxBlocks - 1n < latest ? fromBlock + maxBlocks - 1n : latest;
      if (toBlock < fromBlock) return { toBlock: fromBlock - 1n, caughtUp: true, opened: [] };
      const events = await publicClient.getContractEvents({ ...market, eventName: 'SessionOpened', args: { providerId: provider }, fromBlock, toBlock });
      const opened = await Promise.all(events.map(async (event) => ({
        sessionId: event.args.sessionId!, input: (await publicClient.getTransaction({ hash: event.transactionHash })).input,
      })));
      return { toBlock, caughtUp: toBlock === latest, opened };
    }),
    latestBlockNumber: () => guard('read the latest block', () => publicClient.getBlockNumber({ cacheTime: 0 })),

    getSessionEnd: ({ amount, pricePerSecond, openedAt }) => guard('compute the session end', () =>
      publicClient.readContract({ ...market, functionName: 'getSessionEnd', args: [amount, pricePerSecond, openedAt] })),
    stakeToStipend: (amount, timestamp) => guard('compute the stipend', () =>
      publicClient.readContract({ ...market, functionName: 'stakeToStipend', args: [amount, timestamp] })),
    stipendToStake: (stipend, timestamp) => guard('compute the stake', () =>
      publicClient.readContract({ ...market, functionName: 'stipendToStake', args: [stipend, timestamp] })),
    getTodaysBudget: (timestamp) => guard('read today’s budget', () =>
      publicClient.readContract({ ...market, functionName: 'getTodaysBudget', args: [timestamp] })),
    isSignedBy: ({ signer, signature, ...signed }) => guard('check the wallet’s signature', () =>
      'typedData' in signed
        ? publicClient.verifyTypedData({ address: signer, signature, ...(signed.typedData as unknown as TypedDataDefinition) })
        : publicClient.verifyMessage({ address: signer, signature, message: signed.message })),
  };
}

const isSigner = (value: Account | WalletSigner): value is WalletSigner => 'sendTransaction' in value;

/**
 * A client on its own HTTP connection to `config.rpcUrl`. With a signer it can send
 * transactions; an account (a key held in this process) is wrapped in accountSigner.
 */
export function connectChainClient(config: MarketChainConfig, signerOrAccount?: Account | WalletSigner): ChainClient {
  const publicClient = createPublicClient({ chain: rpcChain(config.chainId, config.rpcUrl), transport: http(config.rpcUrl, { retryCount: 2 }), pollingInterval: 200 });
  if (!signerOrAccount) return createChainClient({ config, publicClient });
  const signer = isSigner(signerOrAccount) ? signerOrAccount : accountSigner(signerOrAccount, config.rpcUrl, config.chainId);
  return createChainClient({ config, publicClient, signer });
}
