/** Asks the wallet for a session allowance: a MOR cap for the marketplace, and ETH for the session key's network fees. */
import { useState, type FormEvent } from 'react';
import type { HearthApi, WalletStatus } from '../../../src/api/index.ts';
import { allowanceFromText } from './typed-amounts.ts';
import { ErrorLine } from './ErrorLine.tsx';
import { usePageAction } from './usePageAction.ts';
import { WaitingForWallet } from './WaitingForWallet.tsx';

export interface GrantAllowanceFormProps {
  api: HearthApi;
  connected: boolean;
  onStatus(status: WalletStatus): void;
}

export function GrantAllowanceForm({ api, connected, onStatus }: GrantAllowanceFormProps) {
  const [cap, setCap] = useState('');
  const [gas, setGas] = useState('0.01');
  const [problem, setProblem] = useState<string | null>(null);
  const { working, error, run } = usePageAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const typed = allowanceFromText(cap, gas);
    setProblem(typed.ok ? null : typed.problem);
    if (!typed.ok) return;
    await run(async () => onStatus(await api.call('wallet.grantAllowance', typed.value)));
  };

  return (
    <form className="wallet-page__form" onSubmit={(event) => void submit(event)} aria-busy={working} data-testid="grant-allowance-form">
      <div className="wallet-page__row">
        <label className="wallet-page__field">
          MOR cap
          <input
            className="text-input" type="number" min="0" step="any" inputMode="decimal" value={cap}
            onChange={(event) => setCap(event.target.value)} data-testid="allowance-cap"
          />
        </label>
        <label className="wallet-page__field">
          ETH for network fees
          <input
            className="text-input" type="number" min="0" step="any" inputMode="decimal" value={gas}
            onChange={(event) => setGas(event.target.value)} data-testid="allowance-gas"
          />
        </label>
      </div>
      {problem ? <p className="wallet-page__problem" role="alert" data-testid="allowance-problem">{problem}</p> : null}
      {!connected ? <p className="wallet-page__hint">Connect a wallet first: it signs the allowance.</p> : null}
      {working ? <WaitingForWallet testId="allowance-waiting" /> : null}
      {error ? <ErrorLine error={error} testId="allowance-error" /> : null}
      <button type="submit" className="button button--primary" disabled={!connected || working} data-testid="allowance-set">
        Set session allowance
      </button>
    </form>
  );
}
