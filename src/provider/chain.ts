/**
 * What the provider needs from the marketplace chain. The viem chain
 * client (src/market/chain) implements it against the Diamond's ABI.
 */
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
  /** Whether a session was opened with this provider approval (the contract records each one it accepts). */
  isApprovalUsed(approval: Hex): Promise<boolean>;
  /** Registers the provider (or updates its endpoint) and posts its bid; returns the bid id. */
  registerAndBid(offer: { endpoint: string; stake: bigint; modelId: Hex; pricePerSecond: bigint }): Promise<Hex>;
  /** Claims what the provider has earned on a session; returns the transaction hash. */
  claimForProvider(sessionId: Hex): Promise<Hex>;
}
