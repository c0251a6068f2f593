/**
 * The window's WalletConnect pairing, one at a time: `pair` connects through
 * the WalletConnect connector while `pairing` holds what the QR dialog
 * shows (the link, once the relay gave one) and its Cancel.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { useConfig, type Connector } from 'wagmi';
import { connect as connectWallet, disconnect as disconnectWallet } from 'wagmi/actions';
import { startPairing, type Pairing } from './walletconnect-pairing.ts';
import { walletConnectChoice } from './walletconnect.ts';

export interface PairingView {
  /** The pairing link to draw as a QR code; null while the relay is still being reached. */
  uri: string | null;
  cancel(): void;
}

export interface WalletConnectPairing {
  /** Resolves to null once connected or cancelled, or to the sentence that says why it failed. */
  pair(connector: Connector): Promise<string | null>;
  /** The pairing under way, or null. */
  pairing: PairingView | null;
}

export function useWalletConnectPairing(): WalletConnectPairing {
  const config = useConfig();
  const [open, setOpen] = useState(false);
  const [uri, setUri] = useState<string | null>(null);
  const current = useRef<Pairing | null>(null);

  const pair = useCallback(
    async (connector: Connector) => {
      walletConnectChoice.choose();
      setUri(null);
      setOpen(true);
      const pairing = startPairing({
        emitter: connector.emitter,
        connect: () => connectWallet(config, { connector }),
        onUri: setUri,
        // A wallet that approves a pairing the person gave up on is let go, unless a newer pairing has started since.
        undo: () => {
          if (current.current === null) disconnectWallet(config, { connector }).catch(() => undefined);
        },
      });
      current.current = pairing;
      const outcome = await pairing.outcome;
      if (current.current === pairing) current.current = null;
      setOpen(false);
      setUri(null);
      if (outcome.kind !== 'connected') walletConnectChoice.forget();
      return outcome.kind === 'failed' ? outcome.sentence : null;
    },
    [config],
  );

  const cancel = useCallback(() => current.current?.cancel(), []);
  const pairing = useMemo(() => (open ? { uri, cancel } : null), [open, uri, cancel]);
  return { pair, pairing };
}
