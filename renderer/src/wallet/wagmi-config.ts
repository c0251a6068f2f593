/**
 * wagmi's configuration for the window: the marketplace chains (the
 * configured one first), and the wallets a person may connect: every
 * browser wallet that announces itself through EIP-6963 (MetaMask, Rabby,
 * Frame's extension…; wagmi discovers them by default), the Frame desktop
 * app through its local HTTP endpoint, and, once a project id is saved, a
 * phone wallet through WalletConnect.
 */
import type { Chain, Transport } from 'viem';
import { createConfig, http, injected, type Config, type CreateConnectorFn } from 'wagmi';
import type { MarketplaceChain } from './chains.ts';
import { createFrameProvider, frameChoice } from './frame-provider.ts';
import { hearthWalletConnect, type WalletConnectSetup } from './walletconnect.ts';

/** The connector id of the Frame desktop app (EIP-6963 wallets use their reverse-DNS name). */
export const frameConnectorId = 'frame';

export interface WalletConfigOptions {
  /** Null while no WalletConnect project id is saved: WalletConnect is then not offered. */
  walletConnect: WalletConnectSetup | null;
}

export function createWalletConfig(marketplaces: readonly [MarketplaceChain, ...MarketplaceChain[]], { walletConnect }: WalletConfigOptions): Config {
  const chains = marketplaces.map((entry) => entry.chain) as [Chain, ...Chain[]];
  const transports: Record<number, Transport> = Object.fromEntries(marketplaces.map((entry) => [entry.chain.id, http(entry.rpcUrl)]));
  const frame = createFrameProvider();
  const connectors: CreateConnectorFn[] = [
    injected({
      target: { id: frameConnectorId, name: 'Frame', provider: () => (frameChoice.isChosen() ? frame : undefined) },
    }),
  ];
  if (walletConnect !== null) connectors.push(hearthWalletConnect(walletConnect));
  return createConfig({ chains, transports, multiInjectedProviderDiscovery: true, connectors });
}
