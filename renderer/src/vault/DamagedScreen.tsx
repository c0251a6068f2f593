/**
 * The key opened the data, but the check at start found the file damaged.
 * Nothing is deleted here: the person opens a backup (the damaged file is
 * kept aside) or exports what can still be read. The same screen serves a
 * data file gone from the folder (`missing`), once a backup opened with
 * the key: only a backup can be opened then, nothing is left to export.
 */
import { useEffect, useState } from 'react';
import type { BackupView, HearthApi, MethodResult, VaultStatus } from '../../../src/api/index.ts';
import { useAttempt } from '../bridge/useAttempt.ts';

interface DamagedScreenProps {
  api: HearthApi;
  missing?: boolean;
  onOpened(status: VaultStatus): void;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function exportSummary({ tables, directory }: MethodResult<'data.exportReadable'>): string {
  const rows = (name: string) => tables.find((table) => table.name === name)?.rows ?? 0;
  const partial = tables.some((table) => !table.complete) ? ' Some rows could not be read and were skipped.' : '';
  const what = `${count(rows('conversations'), 'conversation')}, ${count(rows('messages'), 'message')} and ${count(rows('memory_facts'), 'memory', 'memories')}`;
  return `Wrote ${what} to ${directory}.${partial}`;
}

export function DamagedScreen({ api, missing = false, onOpened }: DamagedScreenProps) {
  const [backups, setBackups] = useState<BackupView[] | null>(null);
  const [working, setWorking] = useState<'restore' | 'export' | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const { error, attempt } = useAttempt();

  useEffect(() => {
    void attempt(async () => setBackups(await api.call('data.backups', {})));
  }, [api, attempt]);

  const restore = async (id: string) => {
    setWorking('restore');
    // Once opened, the app replaces this screen: only a failure ends the wait.
    if (!(await attempt(async () => onOpened(await api.call('data.restoreBackup', { id }))))) setWorking(null);
  };
  const exportReadable = async () => {
    setWorking('export');
    await attempt(async () => setExported(exportSummary(await api.call('data.exportReadable', {}))));
    setWorking(null);
  };

  return (
    <div className="vault__card vault__card--wide" data-testid="damaged-screen">
      {missing ? (
        <>
          <h1>Your Hearth data file is missing</h1>
          <p>
            Your data file (hearth.db) is no longer in Hearth’s data folder. Hearth has not started a new one in its
            place: put the file back and start Hearth again, or open a backup below.
          </p>
        </>
      ) : (
        <>
          <h1>Your Hearth data file is damaged</h1>
          <p>
            Hearth checks your data each time it opens it, and part of the file can no longer be read. Nothing has
            been changed or deleted.
          </p>
        </>
      )}
      <h2>Open a backup</h2>
      <p className="vault__note">
        Hearth keeps an encrypted copy of your data from each of the last three days it was opened. What you wrote
        after the copy was made is not in it.{missing ? '' : ' The damaged file is kept beside it, not deleted.'}
      </p>
      {backups === null ? null : backups.length === 0 ? (
        <p data-testid="no-backups">There is no backup yet.</p>
      ) : (
        <ul className="vault__backups">
          {backups.map((backup) => (
            <li key={backup.id} data-testid="backup-item">
              <span>
                {new Date(backup.createdAt).toLocaleString()} <span className="vault__note">({megabytes(backup.sizeBytes)})</span>
              </span>
              <button
                type="button" className="button button--primary" disabled={working !== null}
                onClick={() => void restore(backup.id)} data-testid="backup-restore"
              >
                {working === 'restore' ? 'Opening…' : 'Open this backup'}
              </button>
            </li>
          ))}
        </ul>
      )}
      {missing ? null : (
        <>
          <h2>Export what can still be read</h2>
          <p className="vault__note">
            Writes every conversation, message and memory that can still be read into the exports folder, as JSON and
            Markdown. The copy is <strong>not encrypted</strong>: keep it somewhere safe.
          </p>
          <button type="button" className="button" disabled={working !== null} onClick={() => void exportReadable()} data-testid="export-readable">
            {working === 'export' ? 'Exporting…' : 'Export what can be read'}
          </button>
        </>
      )}
      {exported ? (
        <p className="vault__done" role="status" data-testid="export-readable-done">
          {exported}
        </p>
      ) : null}
      {error ? (
        <p className="vault__error" role="alert" data-testid="damaged-error">
          <strong>{error.message}</strong> {error.action}
        </p>
      ) : null}
    </div>
  );
}
