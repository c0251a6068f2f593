/** Re-encrypts the data under a new passphrase; the old one stops working at once. */
import { useState, type FormEvent } from 'react';
import type { HearthApi } from '../../../src/api/index.ts';
import { useAttempt } from '../bridge/useAttempt.ts';

export function ChangePassphraseForm({ api, minChars }: { api: HearthApi; minChars: number }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [working, setWorking] = useState(false);
  const { error, attempt } = useAttempt();
  const [done, setDone] = useState(false);

  const mismatch = repeat.length > 0 && repeat !== next;
  const canSubmit = current.length > 0 && next.length >= minChars && repeat === next && !working;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!canSubmit) return;
    setWorking(true);
    setDone(false);
    const changed = await attempt(() => api.call('vault.changePassphrase', { current, next }));
    setWorking(false);
    if (!changed) return;
    setCurrent('');
    setNext('');
    setRepeat('');
    setDone(true);
  };

  return (
    <form className="privacy__form" onSubmit={submit} data-testid="change-passphrase-form" aria-busy={working}>
      <label className="vault__field">
        Current passphrase
        <input className="text-input" type="password" autoComplete="current-password" value={current} onChange={(event) => setCurrent(event.target.value)} data-testid="current-passphrase" />
      </label>
      <label className="vault__field">
        New passphrase (at least {minChars} characters)
        <input className="text-input" type="password" autoComplete="new-password" value={next} onChange={(event) => setNext(event.target.value)} data-testid="new-passphrase" />
      </label>
      <label className="vault__field">
        Repeat the new passphrase
        <input className="text-input" type="password" autoComplete="new-password" value={repeat} onChange={(event) => setRepeat(event.target.value)} data-testid="repeat-passphrase" />
      </label>
      {mismatch ? <p className="vault__hint">The two new passphrases differ.</p> : null}
      {error ? (
        <p className="vault__error" role="alert" data-testid="change-passphrase-error">
          <strong>{error.message}</strong> {error.action}
        </p>
      ) : null}
      {done ? (
        <p className="privacy__done" role="status" data-testid="change-passphrase-done">
          Your data is now encrypted under the new passphrase.
        </p>
      ) : null}
      <button type="submit" className="button button--primary" disabled={!canSubmit} data-testid="change-passphrase-submit">
        {working ? 'Re-encrypting…' : 'Change passphrase'}
      </button>
    </form>
  );
}
