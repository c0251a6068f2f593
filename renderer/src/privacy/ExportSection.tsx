/** Writes everything out as JSON and Markdown, and says where, and that the copy is not encrypted. */
import { useState } from 'react';
import type { HearthApi, MethodResult } from '../../../src/api/index.ts';
import { useAttempt } from '../bridge/useAttempt.ts';

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function ExportSection({ api }: { api: HearthApi }) {
  const [result, setResult] = useState<MethodResult<'data.export'> | null>(null);
  const { error, attempt } = useAttempt();
  const [working, setWorking] = useState(false);

  const run = async () => {
    setWorking(true);
    await attempt(async () => setResult(await api.call('data.export', {})));
    setWorking(false);
  };

  return (
    <section className="privacy__section">
      <h2>Export</h2>
      <p>
        A copy of your conversations, memories and the list of your documents, as JSON (for other programs) and
        Markdown (to read). The copy is <strong>not encrypted</strong>: keep it somewhere safe.
      </p>
      <button type="button" className="button" disabled={working} onClick={() => void run()} data-testid="export-button">
        {working ? 'Exporting…' : 'Export everything'}
      </button>
      {result ? (
        <p className="privacy__done" role="status" data-testid="export-done">
          Exported {count(result.conversations, 'conversation')} ({count(result.messages, 'message')}),{' '}
          {count(result.facts, 'memory', 'memories')} and {count(result.documents, 'document')} to <code>{result.directory}</code>.
        </p>
      ) : null}
      {error ? (
        <p className="vault__error" role="alert">
          <strong>{error.message}</strong> {error.action}
        </p>
      ) : null}
    </section>
  );
}
