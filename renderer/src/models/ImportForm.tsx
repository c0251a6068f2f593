/** Adds a GGUF file already on this computer: chosen in the OS dialog (desktop), or by its path (a browser cannot give one). */
import { useState, type FormEvent } from 'react';
import { BrowseButton } from '../dialogs/BrowseButton.tsx';
import type { ModelsController } from './useModels.ts';

export function ImportForm({ controller }: { controller: ModelsController }) {
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    if (await controller.actions.importPath(path.trim())) setPath('');
    setBusy(false);
  };
  return (
    <form className="import-form" onSubmit={(event) => void submit(event)}>
      <label htmlFor="import-path">Path of a .gguf file on this computer</label>
      <div className="import-form__row">
        <input
          id="import-path" className="text-input text-input--mono import-form__input" value={path} onChange={(event) => setPath(event.target.value)}
          placeholder="/home/me/models/model.gguf" spellCheck={false} data-testid="import-path"
        />
        <BrowseButton purpose="model" label="Browse…" onPicked={setPath} />
        <button type="submit" className="button" disabled={busy || path.trim() === ''} data-testid="import-button">
          {busy ? 'Checking…' : 'Import'}
        </button>
      </div>
    </form>
  );
}
