/**
 * The chains the window's wallet may use, with the Morpheus contracts on
 * each, in one place: Base and Base Sepolia, whose contracts are known, and
 * the chain the core is configured for (`market.chain`), whose contracts the
 * core names (on a dev chain they are known only from there).
 */
import { defineChain, isAddressEqual, type Address, type Chain } from 'viem';
import { arbitrum, base, baseSepolia, mainnet, optimism, polygon, sepolia } from 'viem/chains';
import type { MarketChainView } from '../../../src/api/index.ts';

export interface MarketplaceChain {
  chain: Chain;
  /** The Morpheus marketplace (the Diamond) on this chain. */
  diamond: Address;
  mor: Address;
  /** The node the core reads this chain from, when it is the configured chain. */
  rpcUrl?: string;
}

export const knownMarketplaces: readonly MarketplaceChain[] = [
  { chain: base, diamond: '0x6aBE1d282f72B474E54527D93b979A4f64d3030a', mor: '0x7431ada8a591c955a994a21710752ef9b882b8e3' },
  { chain: baseSepolia, diamond: '0x6e4d0B775E3C3b02683A6F277Ac80240C4aFF930', mor: '0x5C80Ddd187054E1E4aBBfFCD750498e81d34FfA3' },
];

/** The chain Hearth's own dev chain (`npm run chain`) runs as. */
export const devChainId = 31337;

function chainFor(configured: MarketChainView): Chain {
  const known = knownMarketplaces.find((entry) => entry.chain.id === configured.chainId);
  if (known !== undefined) return known.chain;
  return defineChain({
    id: configured.chainId,
    name: configured.chainId === devChainId ? 'Hearth dev chain' : `Chain ${configured.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [configured.rpcUrl] } },
  });
}

/**
 * The marketplaces the wallet may meet, the configured one first (wagmi
 * takes the first chain as its default); the configured chain's contracts
 * are the core's, since those are the ones its sign requests call.
 */
export function marketplaceChains(configured: MarketChainView | null): [MarketplaceChain, ...MarketplaceChain[]] {
  const others = knownMarketplaces.filter((entry) => entry.chain.id !== configured?.chainId);
  if (configured === null) return [knownMarketplaces[0]!, ...knownMarketplaces.slice(1)];
  // The contract checks their form (0x and 40 hex digits) before they reach the window.
  const own: MarketplaceChain = { chain: chainFor(configured), diamond: configured.diamond as Address, mor: configured.mor as Address, rpcUrl: configured.rpcUrl };
  return [own, ...others];
}

/** Chains a wallet is often left on, named only to tell the person where their wallet is. */
const otherChains: readonly Chain[] = [mainnet, sepolia, optimism, arbitrum, polygon];

/** "Base", "Hearth dev chain", "Ethereum", or "chain 10" for a chain Hearth does not know. */
export function chainName(marketplaces: readonly MarketplaceChain[], chainId: number): string {
  const chain = marketplaces.find((entry) => entry.chain.id === chainId)?.chain ?? otherChains.find((other) => other.id === chainId);
  return chain?.name ?? `chain ${chainId}`;
}

/** The contract a transaction calls, named for the person: the MOR token, the marketplace, or its address. */
export function contractLabel(marketplace: MarketplaceChain | undefined, to: Address): string {
  if (marketplace !== undefined && isAddressEqual(to, marketplace.mor)) return 'MOR token';
  if (marketplace !== undefined && isAddressEqual(to, marketplace.diamond)) return 'Morpheus marketplace';
  return to;
}
