/**
 * Help with a bug report: copies Hearth's diagnostics (versions, system,
 * GPU, the models' state, the log's last problems; none of the person's
 * text) to the clipboard. Where the clipboard refuses, the text is shown
 * to copy by hand.
 */
import { useState } from 'react';
import type { HearthApi } from '../../../src/api/index.ts';
import { useAttempt } from '../bridge/useAttempt.ts';

export function DiagnosticsSection({ api, dataDir }: { api: HearthApi; dataDir: string | null }) {
  const { error, attempt } = useAttempt();
  const [state, setState] = useState<'idle' | 'copying' | 'copied'>('idle');
  const [manual, setManual] = useState<string | null>(null);

  const copy = async () => {
    setState('copying');
    setManual(null);
    const done = await attempt(async () => {
      const { text } = await api.call('app.diagnostics', {});
      try {
        await navigator.clipboard.writeText(text);
        setState('copied');
      } catch {
        setManual(text);
        setState('idle');
      }
    });
    if (!done) setState('idle');
  };

  return (
    <section className="privacy__section">
      <h2>Help</h2>
      <p>
        If something goes wrong, copy the diagnostics into your bug report: Hearth&rsquo;s version, your system and GPU,
        the models&rsquo; state and the last problems from Hearth&rsquo;s log. They never include your messages,
        memories, documents or passphrase.
        {dataDir ? <> The log itself is in the <code>logs</code> folder of <code>{dataDir}</code>.</> : null}
      </p>
      <button type="button" className="button" disabled={state === 'copying'} onClick={() => void copy()} data-testid="copy-diagnostics">
        Copy diagnostics
      </button>
      {state === 'copied' ? (
        <p className="privacy__done" role="status" data-testid="diagnostics-copied">Copied</p>
      ) : null}
      {manual !== null ? (
        <>
          <p role="status">The clipboard is not available here; select the text below and copy it.</p>
          <textarea className="privacy__diagnostics" readOnly value={manual} rows={12} data-testid="diagnostics-text" />
        </>
      ) : null}
      {error ? (
        <p className="vault__error" role="alert">
          <strong>{error.message}</strong> {error.action}
        </p>
      ) : null}
    </section>
  );
}
