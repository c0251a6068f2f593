/**
 * A cited passage in its place: the document's name and where the passage
 * sits, its text highlighted between the dimmed text around it. A modal
 * dialog: Esc or Close shut it, and focus goes back to what opened it.
 */
import { useEffect, useRef, useState } from 'react';
import type { ErrorPayload, HearthApi, Passage } from '../../../src/api/index.ts';
import { asErrorPayload } from '../bridge/callError.ts';
import { formatLocation, passageSurroundings } from './format.ts';
import './passage.css';

export function PassageViewer({ api, chunkId, onClose }: { api: HearthApi; chunkId: number; onClose: () => void }) {
  const [passage, setPassage] = useState<Passage | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const markRef = useRef<HTMLElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let current = true;
    setPassage(null);
    setError(null);
    api.call('documents.passage', { chunkId }).then(
      (found) => current && setPassage(found),
      (failure: unknown) => current && setError(asErrorPayload(failure)),
    );
    return () => {
      current = false;
    };
  }, [api, chunkId]);

  // Where focus goes back to: read once, before the dialog takes focus.
  const openerRef = useRef(document.activeElement instanceof HTMLElement ? document.activeElement : null);
  // showModal makes the rest of the page inert; once the dialog is gone, focus goes back to the opener.
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
    closeRef.current?.focus();
    return () => openerRef.current?.focus();
  }, []);

  useEffect(() => {
    markRef.current?.scrollIntoView({ block: 'center' });
  }, [passage]);

  const around = passage ? passageSurroundings(passage) : null;
  const titleId = `passage-title-${chunkId}`;
  // Esc closes the dialog (the browser does, then onClose), and must not reach the chat, where it stops a reply being written.
  return (
    <dialog
      ref={dialogRef} className="passage" aria-labelledby={titleId} data-testid="passage-viewer"
      onKeyDown={(event) => event.key === 'Escape' && event.stopPropagation()} onClose={onClose}
    >
      <header className="passage__head">
        <h3 id={titleId}>{passage ? passage.documentName : error ? 'Passage not found' : 'Opening the passage…'}</h3>
        {passage ? <span className="passage__where" data-testid="passage-location">{formatLocation(passage.location)}</span> : null}
      </header>
      {error ? (
        <p className="vault__error" role="alert" data-testid="passage-error">
          <strong>{error.message}</strong> {error.action}
        </p>
      ) : null}
      {passage ? (
        <div className="passage__text" data-testid="passage-text">
          <span className="passage__around">{around?.before}</span>
          <mark ref={markRef} className="passage__cited" data-testid="passage-cited">{passage.text}</mark>
          <span className="passage__around">{around?.after}</span>
        </div>
      ) : null}
      <div className="dialog__buttons">
        <button type="button" className="button" onClick={onClose} ref={closeRef} data-testid="passage-close">
          Close
        </button>
      </div>
    </dialog>
  );
}
