/**
 * The window's wallet around the whole app: reads which marketplace chain
 * the core is configured for and the WalletConnect project id, sets wagmi
 * up for them, keeps the core told of the connected wallet (useWallet),
 * and shows the review of every transaction the core asks the wallet to
 * sign, on any page, and the WalletConnect pairing dialog.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { WagmiProvider, type Config } from 'wagmi';
import type { HearthApi, MarketChainView } from '../../../src/api/index.ts';
import { asErrorPayload } from '../bridge/callError.ts';
import { useHearth } from '../state/HearthProvider.tsx';
import { marketplaceChains, type MarketplaceChain } from './chains.ts';
import { SignRequests } from './SignRequests.tsx';
import { useWalletConnectPairing } from './useWalletConnectPairing.ts';
import { useWalletLink } from './useWalletLink.ts';
import { createWalletConfig } from './wagmi-config.ts';
import { WalletConnectQr } from './WalletConnectQr.tsx';
import { WalletContext } from './wallet-context.ts';
import './wallet.css';

interface WalletSetup {
  config: Config;
  queryClient: QueryClient;
  marketplaces: readonly MarketplaceChain[];
  marketChain: MarketplaceChain | null;
  error: string | null;
}

function walletSetup(configured: MarketChainView | null, error: string | null, projectId: string | null): WalletSetup {
  const marketplaces = marketplaceChains(configured);
  const walletConnect = projectId === null ? null : { projectId, appUrl: window.location.origin };
  return {
    config: createWalletConfig(marketplaces, { walletConnect }),
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

  // wagmi's chains and connectors are fixed when it is set up, so the app waits for these two quick answers.
  useEffect(() => {
    let current = true;
    // Without a readable project id WalletConnect is simply not offered; the Wallet page's own read says why.
    const projectId = api.call('walletConnect.get', {}).then(
      (saved) => saved.projectId,
      () => null,
    );
    const chain = api.call('market.chain', {}).then(
      (configured) => ({ configured, error: null }),
      (failure: unknown) => ({
        configured: null,
        error: `Hearth could not tell which chain its marketplace is on: ${asErrorPayload(failure).message} Reload the window to try again.`,
      }),
    );
    void Promise.all([chain, projectId]).then(([{ configured, error }, id]) => {
      if (current) setSetup(walletSetup(configured, error, id));
    });
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
  const { pair, pairing } = useWalletConnectPairing();
  const wallet = useWalletLink({ api, marketplaces: setup.marketplaces, marketChain: setup.marketChain, setupError: setup.error, pairWalletConnect: pair });
  return (
    <WalletContext.Provider value={wallet}>
      {children}
      <SignRequests marketplaces={setup.marketplaces} />
      {pairing !== null ? <WalletConnectQr pairing={pairing} /> : null}
    </WalletContext.Provider>
  );
}
