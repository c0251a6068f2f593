/** Adds a file or a folder already on this computer: chosen in the OS dialog (desktop), or by its path (a browser cannot give one). */
import { useState, type FormEvent } from 'react';
import { BrowseButton, useCanBrowse } from '../dialogs/BrowseButton.tsx';
import type { DocumentsController } from './useDocuments.ts';

export function AddDocumentForm({ controller }: { controller: DocumentsController }) {
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const canBrowse = useCanBrowse();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    if (await controller.add(path.trim())) setPath('');
    setBusy(false);
  };
  return (
    <form className="documents__add" onSubmit={(event) => void submit(event)}>
      <label htmlFor="document-path">Path of a file or folder on this computer</label>
      <div className="documents__add-row">
        <input
          id="document-path" className="text-input text-input--mono documents__path" value={path} onChange={(event) => setPath(event.target.value)}
          placeholder="/home/me/Documents/notes" spellCheck={false} aria-describedby="document-path-hint" data-testid="document-path"
        />
        <BrowseButton purpose="document" label="File…" onPicked={setPath} />
        <BrowseButton purpose="document-folder" label="Folder…" onPicked={setPath} />
        <button type="submit" className="button button--primary" disabled={busy || path.trim() === ''} data-testid="document-add">
          {busy ? 'Adding…' : 'Add'}
        </button>
      </div>
      <p id="document-path-hint" className="documents__hint">
        Hearth reads .txt, .md, .pdf and .html files; a folder adds every such file in it.{' '}
        {canBrowse
          ? 'Choose a file or a folder, or type its full path.'
          : 'Type or paste the full path: in the browser, Hearth cannot take a path from a file picker.'}
      </p>
    </form>
  );
}
