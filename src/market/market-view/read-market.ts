/**
 * One read of the market from the chain: the active models with their names
 * and tags, their active bids with price per second, each bidding
 * provider's endpoint and stake (pinged over MOR-RPC), each provider's
 * record for the model, and the bids ranked as Morpheus's router ranks
 * them. A provider that does not answer its ping is kept in the view,
 * marked, and its bids are left out of the ranking. Any chain failure
 * fails the whole read (the caller keeps the previous one).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import type { Address, Hex } from 'viem';
import { HearthError, type ErrorPayload } from '../../api/errors.ts';
import type { BidRecord, ChainClient, ModelStats, ProviderModelStats } from '../chain/client.ts';
import { rankBids } from '../rating/rank-bids.ts';
import { pingProvider, type PingOutcome } from './ping-provider.ts';

export interface MarketProvider {
  address: Address;
  /** `host:port`, as registered on chain. */
  endpoint: string;
  stake: bigint;
  /** Its answer to a MOR-RPC ping during this read. */
  ping: PingOutcome;
}

export interface MarketBid {
  id: Hex;
  provider: Address;
  modelId: Hex;
  /** MOR wei per second. */
  pricePerSecond: bigint;
  createdAt: bigint;
  /** The provider's on-chain record for this model (getProviderModelStats). */
  stats: ProviderModelStats;
}

export interface RankedBid extends MarketBid {
  /** Morpheus's default score: higher is better. */
  score: number;
}

export interface SkippedBid extends MarketBid {
  /** Why it is left out of the ranking. */
  why: ErrorPayload;
}

export interface MarketModel {
  id: Hex;
  name: string;
  tags: string[];
  owner: Address;
  /** Every provider's record for this model together: what each bid's record is compared with. */
  stats: ModelStats;
  /** The bids to try, best first; every one's provider answered its ping. */
  bids: RankedBid[];
  skipped: SkippedBid[];
}

export interface MarketSnapshot {
  chainId: number;
  /** When this read finished, in ms since the epoch. */
  readAt: number;
  minProviderStake: bigint;
  models: MarketModel[];
  /** Every provider with an active bid. */
  providers: MarketProvider[];
}

export interface ReadMarketOptions {
  /** How long a provider has to answer its ping. */
  pingTimeoutMs: number;
  /** Cancels the pings (the chain reads finish on their own). */
  signal?: AbortSignal;
}

const isActiveBid = (bid: BidRecord) => bid.deletedAt === 0n;

export async function readMarket(client: ChainClient, options: ReadMarketOptions): Promise<MarketSnapshot> {
  const [modelIds, minProviderStake] = await Promise.all([client.getActiveModelIds(), client.getProviderMinimumStake()]);
  const models = (await Promise.all(modelIds.map(async (id) => {
    const [model, stats, bidIds] = await Promise.all([client.getModel(id), client.getModelStats(id), client.getModelActiveBids(id)]);
    const bids = (await Promise.all(bidIds.map(async (bidId) => ({ id: bidId, ...(await client.getBid(bidId)) })))).filter(isActiveBid);
    return { id, model, stats, bids };
  }))).filter(({ model }) => !model.isDeleted);

  // Each provider read and pinged once, however many models it bids on.
  const sessionKey = secp256k1.utils.randomSecretKey();
  const addresses = [...new Set(models.flatMap((m) => m.bids.map((bid) => bid.provider)))];
  const providers = await Promise.all(addresses.map(async (address): Promise<MarketProvider> => {
    const { endpoint, stake } = await client.getProvider(address);
    const ping = await pingProvider({
      address, endpoint, sessionKey, timeoutMs: options.pingTimeoutMs, ...(options.signal ? { signal: options.signal } : {}),
    });
    return { address, endpoint, stake, ping };
  }));
  const providerOf = new Map(providers.map((p) => [p.address, p]));

  const marketModels = await Promise.all(models.map(async ({ id, model, stats, bids }): Promise<MarketModel> => {
    const withStats: MarketBid[] = await Promise.all(bids.map(async (bid) => ({
      id: bid.id, provider: bid.provider, modelId: id, pricePerSecond: bid.pricePerSecond, createdAt: bid.createdAt,
      stats: await client.getProviderModelStats({ modelId: id, provider: bid.provider }),
    })));
    const skipped: SkippedBid[] = [];
    const reachable: MarketBid[] = [];
    for (const bid of withStats) {
      const ping = providerOf.get(bid.provider)!.ping;
      if (ping.reachable) reachable.push(bid);
      else skipped.push({ ...bid, why: ping.error });
    }
    const { ranked, unscored } = rankBids(reachable, (bid) => ({
      providerModel: bid.stats, model: stats, pricePerSecond: bid.pricePerSecond, providerStake: providerOf.get(bid.provider)!.stake, minStake: minProviderStake,
    }));
    for (const bid of unscored) {
      skipped.push({ ...bid, why: new HearthError('MARKET_BID_UNPRICED', { details: `bid ${bid.id} of ${bid.provider} asks ${bid.pricePerSecond} wei per second` }).toPayload() });
    }
    return {
      id, name: model.name, tags: [...model.tags], owner: model.owner, stats,
      bids: ranked.map(({ bid, score }) => ({ ...bid, score })),
      skipped,
    };
  }));

  return { chainId: client.config.chainId, readAt: Date.now(), minProviderStake, models: marketModels, providers };
}
