/**
 * The chain behind an RPC address, as viem's clients take it: Hearth knows a
 * chain only by its id and node (config.ts), so the rest is filled in plainly.
 */
import { defineChain, type Chain } from 'viem';

export function rpcChain(chainId: number, rpcUrl: string): Chain {
  return defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}
