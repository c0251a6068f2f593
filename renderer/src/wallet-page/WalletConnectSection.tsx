/**
 * The WalletConnect project id: what it is for, the field to save it
 * (`walletConnect.set`, which refuses a malformed one with a sentence) and
 * Remove. The window's wallet is set up once per page load, with the page's
 * Content-Security-Policy, so a change applies after a reload.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { ErrorPayload, HearthApi } from '../../../src/api/index.ts';
import { asErrorPayload } from '../bridge/callError.ts';
import { ConfirmDialog } from '../dialogs/ConfirmDialog.tsx';
import { ErrorLine } from './ErrorLine.tsx';
import { usePageAction } from './usePageAction.ts';

/** What the last action did, to say beside the buttons. */
type Done = 'saved' | 'removed' | null;

export function WalletConnectSection({ api }: { api: HearthApi }) {
  // undefined while the first read runs.
  const [saved, setSaved] = useState<string | null | undefined>(undefined);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<Done>(null);
  const [confirming, setConfirming] = useState(false);
  const [readError, setReadError] = useState<ErrorPayload | null>(null);
  const { working, error, run } = usePageAction();

  useEffect(() => {
    let current = true;
    api.call('walletConnect.get', {}).then(
      ({ projectId }) => {
        if (!current) return;
        setSaved(projectId);
        setText(projectId ?? '');
      },
      (failure: unknown) => current && setReadError(asErrorPayload(failure)),
    );
    // Set from elsewhere (another window): what is saved changes, what the person typed stays.
    const off = api.on('walletConnect.changed', ({ projectId }) => setSaved(projectId));
    return () => {
      current = false;
      off();
    };
  }, [api]);

  const store = async (projectId: string | null, outcome: Exclude<Done, null>) => {
    setDone(null);
    const ok = await run(async () => {
      const next = await api.call('walletConnect.set', { projectId });
      setSaved(next.projectId);
      setText(next.projectId ?? '');
    });
    if (ok) setDone(outcome);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const typed = text.trim();
    setProblem(typed === '' ? 'Type the project id first: the 32 characters WalletConnect Cloud shows for your project.' : null);
    if (typed !== '') await store(typed, 'saved');
  };

  const remove = async () => {
    setConfirming(false);
    setProblem(null);
    await store(null, 'removed');
  };

  return (
    <section className="wallet-page__section" aria-labelledby="wallet-page-walletconnect" data-testid="walletconnect-section">
      <h2 id="wallet-page-walletconnect">WalletConnect</h2>
      <p className="wallet-page__intro">
        A wallet on your phone connects to Hearth through WalletConnect&rsquo;s relay, which needs a free project id from
        WalletConnect Cloud (<span className="wallet-page__address">cloud.reown.com</span>).
      </p>
      {readError ? <ErrorLine error={readError} testId="walletconnect-read-error" /> : null}
      <form className="wallet-page__form" onSubmit={(event) => void submit(event)} aria-busy={working} data-testid="walletconnect-form">
        <label className="walletconnect-section__field">
          WalletConnect project id
          <input
            className="text-input text-input--mono" value={text} spellCheck={false} autoComplete="off"
            placeholder="32 hexadecimal characters" disabled={saved === undefined && readError === null}
            onChange={(event) => {
              setDone(null);
              setText(event.target.value);
            }}
            data-testid="walletconnect-project-id"
          />
        </label>
        {problem ? <p className="wallet-page__problem" role="alert" data-testid="walletconnect-problem">{problem}</p> : null}
        {error ? <ErrorLine error={error} testId="walletconnect-error" /> : null}
        <div className="wallet-page__row">
          <button type="submit" className="button button--primary" disabled={working} data-testid="walletconnect-save">
            Save
          </button>
          {saved ? (
            <button type="button" className="button" disabled={working} onClick={() => setConfirming(true)} data-testid="walletconnect-remove">
              Remove
            </button>
          ) : null}
          {done !== null ? <ReloadNote done={done} /> : null}
        </div>
      </form>
      {confirming ? (
        <ConfirmDialog
          title="Remove the WalletConnect project id?" keepLabel="Keep it" confirmLabel="Remove"
          onConfirm={() => void remove()} onCancel={() => setConfirming(false)} testId="walletconnect-remove-dialog" confirmTestId="walletconnect-remove-confirm"
        >
          Once the window reloads, Hearth no longer offers WalletConnect, and a phone wallet connected through it is
          disconnected from Hearth.
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function ReloadNote({ done }: { done: Exclude<Done, null> }) {
  return (
    <>
      <p className="wallet-page__done" role="status" data-testid={`walletconnect-${done}`}>
        {done === 'saved' ? 'Saved. Reload the window to use it.' : 'Removed. Reload the window to stop using it.'}
      </p>
      <button type="button" className="button button--quiet" onClick={() => window.location.reload()} data-testid="walletconnect-reload">
        Reload now
      </button>
    </>
  );
}
