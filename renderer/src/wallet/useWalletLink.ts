/**
 * The wallet as wagmi sees it, kept told to Hearth's core: a connected
 * account (or a new account or chain) is handed to `wallet.connect`, a
 * disconnect to `wallet.disconnect`. A wallet on another chain than the
 * marketplace is refused by the core, and then unlinked so that nothing is
 * asked of a wallet that cannot sign for the marketplace. A phone wallet
 * connects through a WalletConnect pairing (its QR dialog) instead.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useConfig, useConnection, useConnectors, type Connector } from 'wagmi';
import { connect as connectWallet, disconnect as disconnectWallet, switchChain } from 'wagmi/actions';
import type { HearthApi } from '../../../src/api/index.ts';
import { asErrorPayload } from '../bridge/callError.ts';
import { chainName, type MarketplaceChain } from './chains.ts';
import { frameChoice } from './frame-provider.ts';
import type { WalletConnectPairing } from './useWalletConnectPairing.ts';
import { frameConnectorId } from './wagmi-config.ts';
import { walletConnectChoice, walletConnectConnectorId } from './walletconnect.ts';
import type { WalletContextValue } from './wallet-context.ts';
import { isUserRejection, walletMessage } from './wallet-errors.ts';

export interface WalletLinkOptions {
  api: HearthApi;
  marketplaces: readonly MarketplaceChain[];
  /** The configured marketplace, or null when the core has none. */
  marketChain: MarketplaceChain | null;
  /** Why the configured marketplace could not be read, when it could not. */
  setupError: string | null;
  /** Connects through WalletConnect, showing its QR dialog. */
  pairWalletConnect: WalletConnectPairing['pair'];
}

const sentence = (error: unknown) => {
  const { message, action } = asErrorPayload(error);
  return `${message} ${action}`;
};

export function useWalletLink({ api, marketplaces, marketChain, setupError, pairWalletConnect }: WalletLinkOptions): WalletContextValue {
  const config = useConfig();
  const connection = useConnection();
  const allConnectors = useConnectors();
  const [linked, setLinked] = useState(false);
  const [linking, setLinking] = useState(false);
  // Bumped by linkAgain, so that the same wallet is told again.
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(setupError);

  // While wagmi reconnects it still knows the account; the panel keeps showing it.
  const address = connection.address ?? null;
  const chainId = address === null ? null : (connection.chainId ?? null);
  const wrongChain = chainId !== null && marketChain !== null && chainId !== marketChain.chain.id;
  const settled = connection.status === 'connected' || connection.status === 'disconnected';

  // The wallet the core was last told of ("address@chainId"), so it is told again only when that changes.
  const told = useRef<string | null>(null);
  useEffect(() => {
    if (!settled) return;
    const key = address === null || chainId === null ? null : `${address}@${chainId}`;
    if (key === told.current) return;
    told.current = key;
    setLinked(false);
    if (address === null || chainId === null) {
      setLinking(false);
      api.call('wallet.disconnect', {}).catch((failure: unknown) => setError(sentence(failure)));
      return;
    }
    setLinking(true);
    api.call('wallet.connect', { address, chainId }).then(
      () => {
        if (told.current !== key) return;
        setLinking(false);
        setLinked(true);
      },
      (failure: unknown) => {
        if (told.current !== key) return;
        setLinking(false);
        if (asErrorPayload(failure).code !== 'WALLET_WRONG_NETWORK') {
          // Told again at the next change of account or chain.
          told.current = null;
          setError(sentence(failure));
          return;
        }
        // The core must not keep signing through this wallet's previous chain.
        api.call('wallet.disconnect', {}).catch(() => undefined);
        // Where the marketplace's chain is known, the wrong-chain alert says this with both chains' names.
        if (marketChain === null) setError(sentence(failure));
      },
    );
  }, [api, address, chainId, settled, marketChain, attempt]);

  const linkAgain = useCallback(() => {
    setError(null);
    told.current = null;
    setAttempt((count) => count + 1);
  }, []);

  const connect = useCallback(
    async (connector: Connector) => {
      setError(null);
      setBusy(true);
      if (connector.id === walletConnectConnectorId) {
        try {
          const failure = await pairWalletConnect(connector);
          if (failure !== null) setError(failure);
        } finally {
          setBusy(false);
        }
        return;
      }
      const isFrame = connector.id === frameConnectorId;
      if (isFrame) frameChoice.choose();
      try {
        await connectWallet(config, { connector });
      } catch (failure) {
        if (isFrame) frameChoice.forget();
        setError(isUserRejection(failure) ? `You declined the connection in ${connector.name}; nothing changed.` : `${connector.name} did not connect: ${walletMessage(failure)}`);
      } finally {
        setBusy(false);
      }
    },
    [config, pairWalletConnect],
  );

  const disconnect = useCallback(async () => {
    setError(null);
    setBusy(true);
    try {
      const { connector } = connection;
      await disconnectWallet(config);
      if (connector?.id === frameConnectorId) frameChoice.forget();
      if (connector?.id === walletConnectConnectorId) walletConnectChoice.forget();
    } catch (failure) {
      setError(`The wallet did not disconnect: ${walletMessage(failure)}`);
    } finally {
      setBusy(false);
    }
  }, [config, connection]);

  const switchToMarketChain = useCallback(async () => {
    if (marketChain === null) return;
    setError(null);
    setBusy(true);
    const target = marketChain.chain.name;
    try {
      await switchChain(config, { chainId: marketChain.chain.id });
    } catch (failure) {
      setError(isUserRejection(failure) ? `You declined the switch in your wallet; it stays where it is.` : `Your wallet did not switch to ${target}: ${walletMessage(failure)}`);
    } finally {
      setBusy(false);
    }
  }, [config, marketChain]);

  // Frame's browser extension and the desktop app are one wallet: offer it once, through the extension when it announced itself.
  // Wallets on this computer come first, WalletConnect (a phone's wallet) last.
  const connectors = useMemo(() => {
    const frameAnnounced = allConnectors.some((connector) => connector.id !== frameConnectorId && connector.name === 'Frame');
    const announced = allConnectors.filter((connector) => connector.id !== frameConnectorId && connector.id !== walletConnectConnectorId);
    const frame = allConnectors.filter((connector) => connector.id === frameConnectorId && !frameAnnounced);
    const walletConnect = allConnectors.filter((connector) => connector.id === walletConnectConnectorId);
    return [...announced, ...frame, ...walletConnect];
  }, [allConnectors]);

  const nameOf = useCallback((id: number) => chainName(marketplaces, id), [marketplaces]);
  return useMemo(
    () => ({
      address, chainId, connected: connection.status === 'connected', linked, linking, marketChain, wrongChain, chainName: nameOf,
      connectors, busy, connect, disconnect, switchToMarketChain, linkAgain, error,
    }),
    [address, chainId, connection.status, linked, linking, marketChain, wrongChain, nameOf, connectors, busy, connect, disconnect, switchToMarketChain, linkAgain, error],
  );
}
