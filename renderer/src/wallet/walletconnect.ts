/**
 * WalletConnect, for a wallet on the person's phone: wagmi's connector,
 * configured only when a project id is saved (WalletConnect's relay serves
 * no client without one). Hearth draws the pairing QR code itself (no
 * Reown modal) and turns the SDK's telemetry off. The SDK is a large chunk
 * loaded on demand, and it is loaded, and the relay reached, only once the
 * person has chosen WalletConnect (and at later loads, to reconnect it,
 * until they disconnect it); until then a page load reaches nothing.
 */
import { walletConnect } from 'wagmi/connectors';

/** wagmi's id for its WalletConnect connector (its name is "WalletConnect"). */
export const walletConnectConnectorId = 'walletConnect';

export interface WalletConnectSetup {
  /** The WalletConnect Cloud project id (32 hex characters), as `walletConnect.get` returns it. */
  projectId: string;
  /** The window's origin: the wallet shows it as the site asking to connect. */
  appUrl: string;
}

/** Remembered across reloads, so a phone wallet connected through WalletConnect reconnects; cleared when it disconnects. */
const chosenKey = 'hearth.wallet.walletConnectChosen';

export const walletConnectChoice = {
  isChosen: (): boolean => window.localStorage.getItem(chosenKey) === '1',
  choose: (): void => window.localStorage.setItem(chosenKey, '1'),
  forget: (): void => window.localStorage.removeItem(chosenKey),
};

type WalletConnectFn = ReturnType<typeof walletConnect>;
type WalletConnectProvider = Awaited<ReturnType<ReturnType<WalletConnectFn>['getProvider']>>;

export function hearthWalletConnect({ projectId, appUrl }: WalletConnectSetup): WalletConnectFn {
  return untilChosen(
    walletConnect({
      projectId,
      showQrModal: false,
      telemetryEnabled: false,
      metadata: {
        name: 'Hearth',
        description: 'Hearth, a local-first AI assistant: it asks your wallet to sign only transactions you reviewed in Hearth first.',
        url: appUrl,
        icons: [],
      },
    }),
  );
}

/**
 * wagmi asks every connector for its provider when it sets it up and when
 * the page loads (to reconnect); WalletConnect's would load the SDK and may
 * open the relay's socket. Until the person chooses WalletConnect there is
 * no provider, which wagmi reads as a wallet that is not installed; once
 * started in this window it stays, as its listeners and session live in it.
 */
function untilChosen(connectorFn: WalletConnectFn): WalletConnectFn {
  return (config) => {
    const connector = connectorFn(config);
    let started = false;
    return {
      ...connector,
      async getProvider(parameters) {
        if (!started && !walletConnectChoice.isChosen()) return undefined as unknown as WalletConnectProvider;
        started = true;
        return connector.getProvider.call(this, parameters);
      },
    };
  };
}
