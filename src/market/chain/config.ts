import type { Address } from 'viem';

/** Where the marketplace lives: the only chain facts the client needs. */
export interface MarketChainConfig {
  chainId: number;
  rpcUrl: string;
  /** The marketplace: the Diamond on Base, Hearth's contract on a dev chain. */
  diamond: Address;
  /** The MOR token. */
  mor: Address;
}
