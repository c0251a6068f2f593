/**
 * The window's wallet around the whole app: reads which marketplace chain
 * the core is configured for, sets wagmi up for it, keeps the core told of
 * the connected wallet (useWallet), and shows the review of every
 * transaction the core asks the wallet to sign, on any page.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { WagmiProvider, type Config } from 'wagmi';
import type { HearthApi, MarketChainView } from '../../../src/api/index.ts';
import { asErrorPayload } from '../bridge/callError.ts';
import { useHearth } from '../state/HearthProvider.tsx';
import { marketplaceChains, type MarketplaceChain } from './chains.ts';
import { SignRequests } from './SignRequests.tsx';
import { useWalletLink } from './useWalletLink.ts';
import { createWalletConfig } from './wagmi-config.ts';
import { WalletContext } from './wallet-context.ts';
import './wallet.css';

interface WalletSetup {
  config: Config;
  queryClient: QueryClient;
  marketplaces: readonly MarketplaceChain[];
  marketChain: MarketplaceChain | null;
  error: string | null;
}

function walletSetup(configured: MarketChainView | null, error: string | null): WalletSetup {
  const marketplaces = marketplaceChains(configured);
  return {
    config: createWalletConfig(marketplaces),
    queryClient: new QueryClient(),
    marketplaces,
    marketChain: configured === null ? null : marketplaces[0],
    error,
  };
}

/**
 * `api` comes as a prop rather than from useHearth() so that the app's
 * state changes (every streamed token) do not re-render WagmiProvider: it
 * asks the wallet to reconnect on each of its renders.
 */
export function WalletRoot({ api, children }: { api: HearthApi; children: ReactNode }) {
  const [setup, setSetup] = useState<WalletSetup | null>(null);

  // wagmi's chains are fixed when it is set up, so the app waits for this one quick answer.
  useEffect(() => {
    let current = true;
    api.call('market.chain', {}).then(
      (configured) => current && setSetup(walletSetup(configured, null)),
      (failure: unknown) => {
        const sentence = `Hearth could not tell which chain its marketplace is on: ${asErrorPayload(failure).message} Reload the window to try again.`;
        if (current) setSetup(walletSetup(null, sentence));
      },
    );
    return () => {
      current = false;
    };
  }, [api]);

  if (setup === null) return null;
  return (
    <WagmiProvider config={setup.config}>
      <QueryClientProvider client={setup.queryClient}>
        <WalletLinked setup={setup}>{children}</WalletLinked>
      </QueryClientProvider>
    </WagmiProvider>
  );
}

function WalletLinked({ setup, children }: { setup: WalletSetup; children: ReactNode }) {
  const { api } = useHearth();
  const wallet = useWalletLink({ api, marketplaces: setup.marketplaces, marketChain: setup.marketChain, setupError: setup.error });
  return (
    <WalletContext.Provider value={wallet}>
      {children}
      <SignRequests marketplaces={setup.marketplaces} />
    </WalletContext.Provider>
  );
}
