/**
 * The provider's view of the marketplace through Hearth's viem chain
 * client: reads sessions and bids, registers, bids and claims.
 */
import { zeroAddress } from 'viem';
import type { ChainClient } from '../market/chain/client.ts';
import type { Hex } from '../market/morrpc/messages.ts';
import type { ChainBid, ChainSession, ProviderChain } from './chain.ts';

export interface MarketChainOptions {
  /** The most MOR (wei) the provider lets the marketplace take for a bid's fee. */
  maxBidFee: bigint;
}

/** Blocks read for openings at once: node RPCs limit a log query's range (often to 1,000 to 10,000 blocks). */
const blocksPerRead = 1_000n;

export function providerChainOf(client: ChainClient, options: MarketChainOptions): ProviderChain {
  const provider = client.account;
  if (!provider) throw new Error('the provider\u2019s chain client needs its key to know whose sessions to watch');
  return {
    chainId: BigInt(client.config.chainId),

    chainTime: () => client.chainTime(),

    async getSession(sessionId: Hex): Promise<ChainSession | null> {
      const session = await client.getSession(sessionId);
      // The contract answers an unknown id with an empty record.
      if (session.user === zeroAddress) return null;
      return {
        user: session.user, bidId: session.bidId, openedAt: session.openedAt, endsAt: session.endsAt,
        closedAt: session.closedAt, isActive: session.isActive,
      };
    },

    async getBid(bidId: Hex): Promise<ChainBid | null> {
      const bid = await client.getBid(bidId);
      if (bid.provider === zeroAddress || bid.deletedAt !== 0n) return null;
      return { provider: bid.provider, modelId: bid.modelId, pricePerSecond: bid.pricePerSecond };
    },

    latestBlock: () => client.latestBlockNumber(),

    sessionsOpenedSince: (fromBlock) => client.getSessionsOpenedWith(provider, fromBlock, blocksPerRead),

    bidPriceLimits: () => client.getBidPriceLimits(),

    async registerAndBid({ endpoint, stake, modelId, pricePerSecond }): Promise<Hex> {
      await client.approveMor(stake + options.maxBidFee);
      await client.registerProvider({ stake, endpoint });
      const { bidId } = await client.postBid({ modelId, pricePerSecond });
      return bidId;
    },

    async claimForProvider(sessionId: Hex): Promise<Hex> {
      return (await client.claimForProvider(sessionId)).hash;
    },
  };
}
