/**
 * Nothing of the app exists until the encrypted data is open: the gate
 * shows the passphrase screen while the vault is new or locked, the
 * damaged-data screen when the key opened a damaged file (or a backup,
 * the data file being missing), and the app
 * once it is unlocked. A restarted host comes back locked, so the
 * status is asked again after every reconnection.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { ErrorPayload, VaultStatus } from '../../../src/api/index.ts';
import { asErrorPayload } from '../bridge/callError.ts';
import type { HearthBridge } from '../bridge/getHearth.ts';
import { isConnectionError, type ConnectionInfo } from '../bridge/wsClient.ts';
import { Banners } from '../status/Banners.tsx';
import { DamagedScreen } from './DamagedScreen.tsx';
import { VaultScreen } from './VaultScreen.tsx';
import './vault.css';

export function VaultGate({ bridge, children }: { bridge: HearthBridge; children: ReactNode }) {
  const [status, setStatus] = useState<VaultStatus | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [connection, setConnection] = useState<ConnectionInfo | null>(bridge.connection?.current() ?? null);

  const refresh = useCallback(() => {
    bridge.api.call('vault.status', {}).then(setStatus, (failure: unknown) => {
      if (!isConnectionError(failure)) setError(asErrorPayload(failure));
    });
  }, [bridge]);

  useEffect(() => {
    refresh();
    const off = bridge.api.on('vault.status', setStatus);
    const unsubscribe = bridge.connection?.subscribe((info, reconnected) => {
      setConnection(info);
      if (reconnected) refresh();
    });
    return () => {
      off();
      unsubscribe?.();
    };
  }, [bridge, refresh]);

  if (status?.state === 'unlocked') return children;
  return (
    <div className="vault">
      <Banners connection={connection} hasToken={bridge.hasToken} error={error} onDismissError={() => setError(null)} />
      {status === null ? (
        <p className="vault__waiting">Connecting to Hearth…</p>
      ) : status.state === 'damaged' || status.state === 'missing' ? (
        <DamagedScreen api={bridge.api} missing={status.state === 'missing'} onOpened={setStatus} />
      ) : (
        <VaultScreen api={bridge.api} status={status} onOpened={setStatus} />
      )}
    </div>
  );
}
