/**
 * The WalletConnect pairing dialog: the link as a QR code for the phone's
 * wallet to scan, "Copy link" for a wallet on this computer, and Cancel.
 * It opens as soon as the person chooses WalletConnect and says so while
 * the relay is reached; it closes once the wallet connected or failed.
 */
import { useState, type KeyboardEvent } from 'react';
import { QrCode } from './QrCode.tsx';
import type { PairingView } from './useWalletConnectPairing.ts';

interface CopyNote {
  uri: string;
  tone: 'status' | 'alert';
  text: string;
}

export function WalletConnectQr({ pairing }: { pairing: PairingView }) {
  const { uri, cancel } = pairing;
  const [note, setNote] = useState<CopyNote | null>(null);

  const copy = (link: string) => {
    navigator.clipboard.writeText(link).then(
      () => setNote({ uri: link, tone: 'status', text: 'Link copied. Paste it into your wallet to connect.' }),
      (failure: unknown) => {
        const reason = failure instanceof Error ? failure.message : String(failure);
        setNote({ uri: link, tone: 'alert', text: `Hearth could not copy the link: ${reason}` });
      },
    );
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') cancel();
  };

  return (
    <div className="dialog-backdrop">
      <div
        className="dialog walletconnect-qr" role="dialog" aria-modal="true" aria-labelledby="walletconnect-qr-title"
        aria-describedby="walletconnect-qr-text" onKeyDown={onKeyDown} data-testid="walletconnect-dialog"
      >
        <h3 id="walletconnect-qr-title">Scan with your phone&rsquo;s wallet</h3>
        <p id="walletconnect-qr-text">
          In your wallet app, choose to scan a WalletConnect code and point the camera at this one. Your wallet then asks
          you to approve the connection.
        </p>
        {uri === null ? (
          <p className="walletconnect-qr__waiting" role="status" data-testid="walletconnect-waiting">
            Reaching WalletConnect&rsquo;s relay…
          </p>
        ) : (
          <QrCode text={uri} label="QR code of the WalletConnect link" testId="walletconnect-qr" />
        )}
        {note !== null && note.uri === uri ? (
          <p className={`walletconnect-qr__note walletconnect-qr__note--${note.tone}`} role={note.tone} data-testid="walletconnect-copy-note">
            {note.text}
          </p>
        ) : null}
        <div className="dialog__buttons">
          <button type="button" className="button" disabled={uri === null} onClick={() => uri !== null && copy(uri)} data-testid="walletconnect-copy">
            Copy link
          </button>
          <button type="button" className="button" onClick={cancel} autoFocus data-testid="walletconnect-cancel">
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
