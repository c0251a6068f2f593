/**
 * The connected wallet: connect or disconnect it (the panel, under its own
 * heading), then its balances and what the marketplace may take from it.
 */
import type { ErrorPayload, WalletStatus } from '../../../src/api/index.ts';
import { ConnectWalletPanel } from '../wallet/ConnectWalletPanel.tsx';
import { formatEth, formatMor } from '../wallet/units.ts';
import { ErrorLine } from './ErrorLine.tsx';

/** An amount the chain could not be read for shows as unknown rather than as 0. */
const amount = (wei: string | null, format: (wei: string) => string) => (wei === null ? 'unknown' : format(wei));

export function WalletSection({ status, error }: { status: WalletStatus | null; error: ErrorPayload | null }) {
  return (
    <div className="wallet-page__section" data-testid="wallet-section">
      <ConnectWalletPanel />
      {error ? <ErrorLine error={error} testId="wallet-status-error" /> : null}
      {status?.connected ? (
        <ul className="wallet-page__facts" data-testid="wallet-balances">
          <li data-testid="wallet-eth">ETH balance: {amount(status.ethWei, formatEth)}</li>
          <li data-testid="wallet-mor">MOR balance: {amount(status.morWei, formatMor)}</li>
          <li data-testid="wallet-allowance">Marketplace allowance: {amount(status.allowanceWei, formatMor)}</li>
        </ul>
      ) : null}
      {status?.error ? <ErrorLine error={status.error} testId="wallet-read-error" /> : null}
    </div>
  );
}
