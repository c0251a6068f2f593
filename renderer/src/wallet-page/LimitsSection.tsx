/** The spend limits per reply, session and day (empty for none), and what was spent today. */
import { useState, type FormEvent } from 'react';
import type { HearthApi, WalletStatus } from '../../../src/api/index.ts';
import { formatMor } from '../wallet/units.ts';
import { ErrorLine } from './ErrorLine.tsx';
import { limitsFromText, limitsText, type LimitsText } from './typed-amounts.ts';
import { usePageAction } from './usePageAction.ts';

const fields: { key: keyof LimitsText; label: string }[] = [
  { key: 'perReply', label: 'Per reply (MOR)' },
  { key: 'perSession', label: 'Per session (MOR)' },
  { key: 'perDay', label: 'Per day (MOR)' },
];

export function LimitsSection({ api, status, onStatus }: { api: HearthApi; status: WalletStatus; onStatus(status: WalletStatus): void }) {
  // Filled once from the status: reloads while the person types must not overwrite what they typed.
  const [text, setText] = useState(() => limitsText(status.limits));
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const { working, error, run } = usePageAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const typed = limitsFromText(text);
    setProblem(typed.ok ? null : typed.problem);
    if (!typed.ok) return;
    const done = await run(async () => {
      const next = await api.call('wallet.setLimits', typed.value);
      setText(limitsText(next.limits));
      onStatus(next);
    });
    setSaved(done);
  };

  return (
    <section className="wallet-page__section" aria-labelledby="wallet-page-limits">
      <h2 id="wallet-page-limits">Spend limits</h2>
      <p className="wallet-page__intro">A request to a provider whose worst-case cost would pass one of these is refused before anything is spent. Leave one empty for no limit.</p>
      <form className="wallet-page__form" onSubmit={(event) => void submit(event)} aria-busy={working} data-testid="limits-form">
        <div className="wallet-page__row">
          {fields.map(({ key, label }) => (
            <label key={key} className="wallet-page__field">
              {label}
              <input
                className="text-input" inputMode="decimal" value={text[key]} placeholder="No limit"
                onChange={(event) => {
                  setSaved(false);
                  setText((current) => ({ ...current, [key]: event.target.value }));
                }}
                data-testid={`limit-${key}`}
              />
            </label>
          ))}
        </div>
        {problem ? <p className="wallet-page__problem" role="alert" data-testid="limits-problem">{problem}</p> : null}
        {error ? <ErrorLine error={error} testId="limits-error" /> : null}
        <div className="wallet-page__row">
          <button type="submit" className="button button--primary" disabled={working} data-testid="limits-save">
            Save limits
          </button>
          {saved ? <p className="wallet-page__done" role="status" data-testid="limits-saved">Saved</p> : null}
        </div>
      </form>
      <p data-testid="spent-today">Spent today: {formatMor(status.spentTodayWei)}</p>
    </section>
  );
}
