/**
 * What the provider needs from the marketplace chain. The viem chain
 * client (src/market/chain) implements it against the Diamond's ABI.
 */
import type { SessionsOpened } from '../market/chain/client.ts';
import type { Hex } from '../market/morrpc/messages.ts';

export interface ChainSession {
  user: Hex;
  bidId: Hex;
  openedAt: bigint;
  endsAt: bigint;
  closedAt: bigint;
  isActive: boolean;
}

export interface ChainBid {
  provider: Hex;
  modelId: Hex;
  pricePerSecond: bigint;
}

export interface ProviderChain {
  readonly chainId: bigint;
  /** Seconds since the epoch of the latest block: the clock session ends are measured on. */
  chainTime(): Promise<bigint>;
  /** null when the chain has no such session. */
  getSession(sessionId: Hex): Promise<ChainSession | null>;
  /** null when the chain has no such bid. */
  getBid(bidId: Hex): Promise<ChainBid | null>;
  /** The number of the latest block. */
  latestBlock(): Promise<bigint>;
  /**
   * The sessions opened with this provider from `fromBlock` on, each with the input of the
   * transaction that opened it: the one record of which approval opened it (the session keeps
   * none, and the contract does not check the approval's user).
   */
  sessionsOpenedSince(fromBlock: bigint): Promise<SessionsOpened>;
  /** The lowest and highest price per second (MOR wei) the marketplace takes in a bid. */
  bidPriceLimits(): Promise<{ min: bigint; max: bigint }>;
  /** Registers the provider (or updates its endpoint) and posts its bid; returns the bid id. */
  registerAndBid(offer: { endpoint: string; stake: bigint; modelId: Hex; pricePerSecond: bigint }): Promise<Hex>;
  /** Claims what the provider has earned on a session; returns the transaction hash. */
  claimForProvider(sessionId: Hex): Promise<Hex>;
}
