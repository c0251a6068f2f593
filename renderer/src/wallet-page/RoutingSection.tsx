/**
 * Where questions run: the routing mode (this computer only, Hearth
 * deciding per message, or providers first), and the cost above which a
 * provider reply waits for the person's yes.
 */
import { useState, type FormEvent } from 'react';
import type { HearthApi, RouteMode } from '../../../src/api/index.ts';
import { useRoutingSettings } from '../routing/useRoutingSettings.ts';
import { formatMor } from '../wallet/units.ts';
import { ErrorLine } from './ErrorLine.tsx';
import { thresholdFromText, thresholdText } from './routing-threshold.ts';
import { usePageAction } from './usePageAction.ts';
import '../routing/routing.css';

const modes: { mode: RouteMode; label: string; sentence: string }[] = [
  { mode: 'local-only', label: 'This computer only', sentence: 'Every question is answered here, and nothing of it leaves this computer.' },
  {
    mode: 'automatic',
    label: 'Automatic',
    sentence: 'Hearth decides for each message: easy ones stay here, and one this computer cannot answer well may go to a provider once you have seen what would leave.',
  },
  { mode: 'prefer-provider', label: 'Prefer providers', sentence: 'Questions go to a provider whenever one can answer; this computer answers the rest.' },
];

export function RoutingSection({ api }: { api: HearthApi }) {
  const { settings, error: readError } = useRoutingSettings(api);
  // The mode just chosen shows at once; until Hearth confirms it, or in place of one it refused, the saved mode.
  const [chosen, setChosen] = useState<RouteMode | null>(null);
  const mode = chosen ?? settings?.mode ?? null;
  // Null until the person types: until then the field shows the saved amount.
  const [typed, setTyped] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const { working, error, run } = usePageAction();

  const chooseMode = async (next: RouteMode) => {
    setSaved(false);
    setChosen(next);
    await run(() => api.call('routing.set', { mode: next }));
    setChosen(null);
  };

  const saveThreshold = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const amount = thresholdFromText(typed ?? thresholdText(settings?.confirmAboveWei ?? null));
    setProblem(amount.ok ? null : amount.problem);
    if (!amount.ok) return;
    const done = await run(() => api.call('routing.set', { confirmAboveWei: amount.value }));
    if (done) setTyped(null);
    setSaved(done);
  };

  return (
    <section className="wallet-page__section" aria-labelledby="wallet-page-routing" data-testid="routing-section">
      <h2 id="wallet-page-routing">Where questions run</h2>
      {readError ? <ErrorLine error={readError} testId="routing-read-error" /> : null}
      <fieldset className="routing-modes" disabled={settings === null || working} aria-busy={working}>
        <legend className="visually-hidden">Where questions run</legend>
        {modes.map((choice) => (
          <div key={choice.mode} className="routing-modes__choice">
            <label className="routing-modes__label">
              <input
                type="radio" name="routing-mode" value={choice.mode} checked={mode === choice.mode}
                onChange={() => void chooseMode(choice.mode)} aria-describedby={`routing-mode-${choice.mode}`} data-testid={`routing-mode-${choice.mode}`}
              />
              {choice.label}
            </label>
            <p id={`routing-mode-${choice.mode}`} className="wallet-page__hint routing-modes__sentence">{choice.sentence}</p>
          </div>
        ))}
      </fieldset>
      <form className="wallet-page__form" onSubmit={(event) => void saveThreshold(event)} aria-busy={working}>
        <div className="wallet-page__row">
          <label htmlFor="routing-threshold">Ask me before a reply that could cost more than</label>
          <input
            id="routing-threshold" className="text-input routing-threshold" inputMode="decimal" placeholder="never ask"
            value={typed ?? thresholdText(settings?.confirmAboveWei ?? null)} disabled={settings === null}
            onChange={(event) => {
              setSaved(false);
              setTyped(event.target.value);
            }}
            data-testid="routing-threshold"
          />
          <span>MOR</span>
          <button type="submit" className="button" disabled={working || settings === null} data-testid="routing-threshold-save">
            Save
          </button>
        </div>
        <p className="wallet-page__hint" data-testid="routing-threshold-now">
          {settings?.confirmAboveWei == null ? 'Now: never asks; every transaction is still reviewed before your wallet signs it.' : `Now: asks above ${formatMor(settings.confirmAboveWei)}.`}
        </p>
        {problem ? <p className="wallet-page__problem" role="alert" data-testid="routing-threshold-problem">{problem}</p> : null}
        {error ? <ErrorLine error={error} testId="routing-error" /> : null}
        {saved ? <p className="wallet-page__done" role="status" data-testid="routing-saved">Saved</p> : null}
      </form>
    </section>
  );
}
