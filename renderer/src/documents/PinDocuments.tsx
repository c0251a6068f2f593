/**
 * In the chat header: pins ready documents to the open conversation, so that
 * Hearth is always given them in this chat (as much as fits its context).
 */
import { useCallback, useEffect, useState } from 'react';
import type { ErrorPayload, HearthApi } from '../../../src/api/index.ts';
import { asErrorPayload } from '../bridge/callError.ts';
import { useDocuments } from './useDocuments.ts';
import './pins.css';

export function PinDocuments({ api, conversationId }: { api: HearthApi; conversationId: string }) {
  const { documents, error: listError } = useDocuments(api);
  const [pinned, setPinned] = useState<string[]>([]);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<ErrorPayload | null>(null);

  const loadPinned = useCallback(() => {
    let current = true;
    api.call('documents.pinned', { conversationId }).then(
      (ids) => current && setPinned(ids),
      (failure: unknown) => current && setError(asErrorPayload(failure)),
    );
    return () => {
      current = false;
    };
  }, [api, conversationId]);

  useEffect(() => {
    setPinned([]);
    setError(null);
    return loadPinned();
  }, [loadPinned]);

  // The box follows the click at once; the answer (or, on failure, the stored pins) then settles it.
  const toggle = async (documentId: string, pin: boolean) => {
    setError(null);
    setPinned((current) => (pin ? [...current, documentId] : current.filter((id) => id !== documentId)));
    try {
      setPinned(await api.call('documents.pin', { conversationId, documentId, pinned: pin }));
    } catch (failure) {
      setError(asErrorPayload(failure));
      loadPinned();
    }
  };

  const shownError = error ?? listError;
  const ready = (documents ?? []).filter((document) => document.status === 'ready');
  // A removed document leaves no pin behind that the count would still show.
  const pinnedCount = pinned.filter((id) => documents === null || documents.some((document) => document.id === id)).length;
  return (
    <div className="pins">
      <button
        type="button" className="button button--quiet" aria-expanded={open} aria-controls="pins-panel"
        onClick={() => setOpen(!open)} data-testid="pin-documents"
      >
        {pinnedCount > 0 ? `Documents (${pinnedCount} pinned)` : 'Pin documents'}
      </button>
      {open ? (
        <div className="popover pins__panel" id="pins-panel" data-testid="pins-panel">
          <p className="pins__intro">A pinned document is always given to Hearth in this chat when it fits.</p>
          {ready.length === 0 ? (
            <p className="pins__empty">No documents are ready yet: add some on the Documents page.</p>
          ) : (
            <ul>
              {ready.map((document) => (
                <li key={document.id}>
                  <label>
                    <input
                      type="checkbox" checked={pinned.includes(document.id)}
                      onChange={(event) => void toggle(document.id, event.target.checked)} data-testid="pin-document"
                    />
                    {document.name}
                  </label>
                </li>
              ))}
            </ul>
          )}
          {shownError ? (
            <p className="vault__error" role="alert">
              <strong>{shownError.message}</strong> {shownError.action}
            </p>
          ) : null}
          <button type="button" className="button button--quiet" onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
      ) : null}
    </div>
  );
}
