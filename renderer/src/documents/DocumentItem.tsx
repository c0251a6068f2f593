/** One document: what it is, how far its ingestion is, and cancel or remove (after confirming). */
import { useState } from 'react';
import type { DocumentView } from '../../../src/api/index.ts';
import { ConfirmDialog } from '../dialogs/ConfirmDialog.tsx';
import { formatBytes } from '../models/format.ts';
import { isInProgress, kindName, statusLabel } from './format.ts';
import type { DocumentsController } from './useDocuments.ts';

function ConfirmRemove({ document, onConfirm, onCancel }: { document: DocumentView; onConfirm: () => void; onCancel: () => void }) {
  return (
    <ConfirmDialog
      title={`Remove ${document.name} from Hearth?`} keepLabel="Keep it" confirmLabel="Remove"
      onConfirm={onConfirm} onCancel={onCancel} testId="remove-dialog" confirmTestId="remove-confirm"
    >
      Hearth forgets what it read: the passages and the search index made from this document. The file itself stays
      where it is on your computer.
    </ConfirmDialog>
  );
}

export function DocumentItem({ document, controller }: { document: DocumentView; controller: DocumentsController }) {
  const [confirming, setConfirming] = useState(false);
  const inProgress = isInProgress(document);
  return (
    <li className="document" data-testid="document-item" data-status={document.status} data-document-id={document.id}>
      <div className="document__head">
        <strong className="document__name">{document.name}</strong>
        <span className="document__facts">
          {kindName(document.kind)} · {formatBytes(document.sizeBytes)}
        </span>
      </div>
      {document.status === 'embedding' ? (
        <progress
          className="document__bar" max={Math.max(document.chunkCount, 1)} value={document.embeddedCount}
          aria-label={`Indexing ${document.name}`} data-testid="document-progress"
        />
      ) : null}
      <div className="document__foot">
        <span className={`document__status document__status--${document.status}`} data-testid="document-status">
          {statusLabel(document)}
        </span>
        {document.status === 'failed' && document.error ? <span className="document__action">{document.error.action}</span> : null}
        <span className="document__buttons">
          {inProgress ? (
            <button type="button" className="button button--quiet" onClick={() => void controller.cancel(document.id)} data-testid="document-cancel">
              Cancel
            </button>
          ) : null}
          <button type="button" className="button button--quiet" onClick={() => setConfirming(true)} data-testid="document-remove">
            Remove
          </button>
        </span>
      </div>
      {confirming ? (
        <ConfirmRemove
          document={document}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void controller.remove(document.id);
          }}
        />
      ) : null}
    </li>
  );
}
