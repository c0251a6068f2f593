/** The session key that holds a session allowance: its address, its ETH for fees and its rights, with Revoke. */
import { useState } from 'react';
import type { HearthApi, WalletStatus } from '../../../src/api/index.ts';
import { ConfirmDialog } from '../dialogs/ConfirmDialog.tsx';
import { formatEth } from '../wallet/units.ts';
import { ErrorLine } from './ErrorLine.tsx';
import { usePageAction } from './usePageAction.ts';
import { WaitingForWallet } from './WaitingForWallet.tsx';

export interface SessionKeyViewProps {
  api: HearthApi;
  agent: NonNullable<WalletStatus['agent']>;
  connected: boolean;
  onStatus(status: WalletStatus): void;
}

export function SessionKeyView({ api, agent, connected, onStatus }: SessionKeyViewProps) {
  const [confirming, setConfirming] = useState(false);
  const { working, error, run } = usePageAction();

  const revoke = async () => {
    setConfirming(false);
    await run(async () => onStatus(await api.call('wallet.revokeAllowance', {})));
  };

  return (
    <div data-testid="session-key">
      <ul className="wallet-page__facts">
        <li>
          Session key: <code className="wallet-page__address" data-testid="session-key-address">{agent.address}</code>
        </li>
        <li data-testid="session-key-eth">ETH for network fees: {formatEth(agent.ethWei)}</li>
        <li>Rights: can open and close Morpheus sessions for this wallet; cannot move its MOR beyond the allowance.</li>
      </ul>
      {!connected ? <p className="wallet-page__hint">Connect the wallet to revoke it: the wallet signs the revocation.</p> : null}
      {working ? <WaitingForWallet testId="revoke-waiting" /> : null}
      {error ? <ErrorLine error={error} testId="revoke-error" /> : null}
      <button type="button" className="button button--stop" disabled={!connected || working} onClick={() => setConfirming(true)} data-testid="revoke-allowance">
        Revoke
      </button>
      {confirming ? (
        <ConfirmDialog
          title="Revoke the session allowance?" keepLabel="Keep it" confirmLabel="Revoke the allowance"
          onConfirm={() => void revoke()} onCancel={() => setConfirming(false)} testId="revoke-dialog" confirmTestId="revoke-confirm"
        >
          Hearth&rsquo;s session key will no longer open or close sessions for this wallet, and the marketplace&rsquo;s MOR allowance goes
          back to 0. Your wallet will be asked to sign.
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
