/** Stakes the marketplace holds after early closes: when each is released, and Withdraw for those released. */
import { useState } from 'react';
import type { HearthApi, WalletStatus } from '../../../src/api/index.ts';
import { formatMor } from '../wallet/units.ts';
import { ErrorLine } from './ErrorLine.tsx';
import { localTime } from './session-times.ts';
import { usePageAction } from './usePageAction.ts';
import { WaitingForWallet } from './WaitingForWallet.tsx';

export function HeldStakes({ api, status, onChanged }: { api: HearthApi; status: WalletStatus; onChanged(): void }) {
  const { working, error, run } = usePageAction();
  const [withdrew, setWithdrew] = useState<string | null>(null);
  const { held, availableWei } = status.stakes;
  const available = BigInt(availableWei) > 0n;

  const withdraw = async () => {
    setWithdrew(null);
    const done = await run(async () => {
      const { amountWei } = await api.call('sessions.withdraw', {});
      setWithdrew(amountWei);
    });
    if (done) onChanged();
  };

  return (
    <section className="wallet-page__section" aria-labelledby="wallet-page-held">
      <h2 id="wallet-page-held">Stakes on hold</h2>
      {held.length > 0 ? (
        <ul className="wallet-page__facts" data-testid="held-stakes">
          {held.map((stake) => (
            <li key={`${stake.sessionRef}-${stake.releasedAt}`} data-testid="held-stake">
              {formatMor(stake.amountWei)}, released {localTime(stake.releasedAt)}
            </li>
          ))}
        </ul>
      ) : null}
      {available ? (
        <div className="wallet-page__row">
          <p data-testid="stakes-available">{formatMor(availableWei)} released</p>
          <button type="button" className="button button--primary" disabled={working || !status.connected} onClick={() => void withdraw()} data-testid="stakes-withdraw">
            Withdraw
          </button>
        </div>
      ) : null}
      {!available && held.length === 0 && withdrew === null ? (
        <p className="wallet-page__empty" data-testid="held-stakes-empty">No stakes are on hold.</p>
      ) : null}
      {working ? <WaitingForWallet testId="withdraw-waiting" /> : null}
      {withdrew !== null ? (
        <p className="wallet-page__done" role="status" data-testid="stakes-withdrew">
          {BigInt(withdrew) > 0n ? `Withdrew ${formatMor(withdrew)}` : 'Nothing was left to withdraw.'}
        </p>
      ) : null}
      {error ? <ErrorLine error={error} testId="withdraw-error" /> : null}
    </section>
  );
}
