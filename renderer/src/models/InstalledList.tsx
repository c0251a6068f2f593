/** The installed models: what each is, which one chat uses, switch to another, delete after confirming. */
import { useState } from 'react';
import type { InstalledModelView } from '../../../src/api/index.ts';
import { ConfirmDialog } from '../dialogs/ConfirmDialog.tsx';
import { formatBytes } from './format.ts';
import type { ModelsController } from './useModels.ts';

function ConfirmDelete({ model, onConfirm, onCancel }: { model: InstalledModelView; onConfirm: () => void; onCancel: () => void }) {
  return (
    <ConfirmDialog
      title={`Delete ${model.name}?`} keepLabel="Keep it" confirmLabel="Delete"
      onConfirm={onConfirm} onCancel={onCancel} testId="delete-dialog" confirmTestId="delete-confirm"
    >
      This removes {model.file} ({formatBytes(model.sizeBytes)}) from this computer. Your conversations stay.
    </ConfirmDialog>
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
              {model.embedding && <span className="badge" data-testid="embedding-badge">Embeds memory and documents</span>}
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
              {!model.embedding && (
                <button
                  type="button" className="button button--quiet" onClick={() => void actions.useForEmbeddings(model.id)}
                  data-testid="use-for-embeddings" title="Memories and documents are embedded again with this model, in the background."
                >
                  Use for memory and documents
                </button>
              )}
              {model.origin !== 'bundled' && !model.active && !model.embedding && (
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
