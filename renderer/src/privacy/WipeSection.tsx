/** Deletes everything personal, after the user types "wipe" in a confirmation dialog. */
import { useState } from 'react';
import type { HearthApi } from '../../../src/api/index.ts';
import { useAttempt } from '../bridge/useAttempt.ts';

export function WipeSection({ api }: { api: HearthApi }) {
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const { error, attempt } = useAttempt();
  const [working, setWorking] = useState(false);

  const wipe = async () => {
    setWorking(true);
    // Once wiped, the vault is new again and the passphrase screen replaces the app: only a failure ends the wait.
    if (!(await attempt(() => api.call('data.wipe', { confirm: 'wipe' })))) setWorking(false);
  };
  const close = () => {
    setConfirming(false);
    setTyped('');
  };

  return (
    <section className="privacy__section">
      <h2>Delete everything</h2>
      <p>
        Deletes all conversations, memories, the index of your documents, the daily backups, earlier exports and the
        encryption key from this computer. Downloaded models stay. This cannot be undone: export first if you may want any of it.
      </p>
      <button type="button" className="button button--stop" onClick={() => setConfirming(true)} data-testid="wipe-button">
        Delete everything…
      </button>
      {confirming ? (
        <div className="dialog-backdrop">
          <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="wipe-title" data-testid="wipe-dialog">
            <h3 id="wipe-title">Delete all your Hearth data?</h3>
            <p>
              Type <strong>wipe</strong> to confirm.
            </p>
            <input
              className="text-input privacy__confirm" value={typed} autoFocus aria-label="Type wipe to confirm"
              onChange={(event) => setTyped(event.target.value)} data-testid="wipe-confirm-input"
            />
            {error ? (
              <p className="vault__error" role="alert">
                <strong>{error.message}</strong> {error.action}
              </p>
            ) : null}
            <div className="dialog__buttons">
              <button type="button" className="button" onClick={close}>
                Keep my data
              </button>
              <button
                type="button" className="button button--stop" disabled={typed.trim().toLowerCase() !== 'wipe' || working}
                onClick={() => void wipe()} data-testid="wipe-confirm"
              >
                {working ? 'Deleting…' : 'Delete everything'}
              </button>
            </div>
          </div>
        </div>
      ) : null}
    </section>
  );
}
