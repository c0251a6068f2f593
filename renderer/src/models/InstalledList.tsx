/** The installed models: what each is, which one chat uses, switch to another, delete after confirming. */
import { useState } from 'react';
import type { InstalledModelView } from '../../../src/api/index.ts';
import { formatBytes } from './format.ts';
import type { ModelsController } from './useModels.ts';

function ConfirmDelete({ model, onConfirm, onCancel }: { model: InstalledModelView; onConfirm: () => void; onCancel: () => void }) {
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="delete-title" data-testid="delete-dialog">
        <h3 id="delete-title">Delete {model.name}?</h3>
        <p>
          This removes {model.file} ({formatBytes(model.sizeBytes)}) from this computer. Your conversations stay.
        </p>
        <div className="dialog__buttons">
          <button type="button" className="button" onClick={onCancel} autoFocus>
            Keep it
          </button>
          <button type="button" className="button button--stop" onClick={onConfirm} data-testid="delete-confirm">
            Delete
          </button>
        </div>
      </div>
    </div>
  );
}

export function InstalledList({ models, controller }: { models: InstalledModelView[]; controller: ModelsController }) {
  const { state, actions } = controller;
  const [deleting, setDeleting] = useState<InstalledModelView | null>(null);
  return (
    <>
      <ul className="installed-list">
        {models.map((model) => (
          <li key={model.id} className="installed-item" data-testid="installed-item" data-model-id={model.id}>
            <div className="installed-item__head">
              <strong>{model.name}</strong>
              {model.active && <span className="badge badge--ok" data-testid="active-badge">In use</span>}
              {!model.verified && <span className="badge badge--warning">unverified</span>}
            </div>
            <p className="installed-item__facts">
              {formatBytes(model.sizeBytes)} · {model.quantization ?? 'quantization unknown'} · context{' '}
              {model.contextLength?.toLocaleString() ?? 'unknown'} · {model.licence ?? 'licence unknown'}
            </p>
            <div className="installed-item__buttons">
              {!model.active && (
                <button
                  type="button" className="button button--primary" disabled={state.activating !== null}
                  onClick={() => void actions.activate(model.id)} data-testid="activate-button"
                >
                  {state.activating === model.id ? 'Loading…' : 'Use for chat'}
                </button>
              )}
              {model.origin !== 'bundled' && !model.active && (
                <button type="button" className="button button--quiet" onClick={() => setDeleting(model)} data-testid="delete-button">
                  Delete
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      {deleting && (
        <ConfirmDelete
          model={deleting}
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            setDeleting(null);
            void actions.remove(deleting.id);
          }}
        />
      )}
    </>
  );
}
