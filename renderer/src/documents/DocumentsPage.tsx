/**
 * The documents Hearth may quote from: add files or folders by path, follow their ingestion, cancel or remove them;
 * and, after an update, the rebuild of their search index.
 */
import type { HearthApi } from '../../../src/api/index.ts';
import { AddDocumentForm } from './AddDocumentForm.tsx';
import { DocumentItem } from './DocumentItem.tsx';
import { IndexRebuild } from './IndexRebuild.tsx';
import { useDocuments } from './useDocuments.ts';
import './documents.css';

export function DocumentsPage({ api }: { api: HearthApi }) {
  const controller = useDocuments(api);
  const { documents, error, notice } = controller;
  return (
    <main className="documents" data-testid="documents-page">
      <h1>Documents</h1>
      <p className="documents__intro">
        Files Hearth may quote from when it answers. Hearth reads and indexes them on this computer, keeps the index
        encrypted, and lists the passages it used under each reply.
      </p>
      <IndexRebuild api={api} />
      <AddDocumentForm controller={controller} />
      {error ? (
        <p className="vault__error" role="alert" data-testid="documents-error">
          <strong>{error.message}</strong> {error.action}
          {error.details ? <span className="documents__details"> ({error.details})</span> : null}
        </p>
      ) : null}
      {notice ? (
        <p className="documents__notice" role="status" data-testid="documents-notice">
          {notice}
        </p>
      ) : null}
      {documents === null ? null : documents.length === 0 ? (
        <p className="documents__empty" data-testid="documents-empty">No documents yet.</p>
      ) : (
        <ul className="stack-list">
          {documents.map((document) => (
            <DocumentItem key={document.id} document={document} controller={controller} />
          ))}
        </ul>
      )}
    </main>
  );
}
