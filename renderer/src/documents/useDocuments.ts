/** The user's documents as the Documents page shows them, kept fresh by documents.changed events. */
import { useEffect, useState } from 'react';
import type { DocumentView, ErrorPayload, HearthApi } from '../../../src/api/index.ts';
import { asErrorPayload } from '../bridge/callError.ts';
import { useAttempt } from '../bridge/useAttempt.ts';
import { addedSummary } from './format.ts';

export interface DocumentsController {
  documents: DocumentView[] | null;
  error: ErrorPayload | null;
  /** What the last add did ("3 files added, 1 skipped (not supported)"), until the next action. */
  notice: string | null;
  add(path: string): Promise<boolean>;
  cancel(id: string): Promise<void>;
  remove(id: string): Promise<void>;
  dismissError(): void;
}

/** Newest first, as documents.list orders them. */
const newestFirst = (a: DocumentView, b: DocumentView) => b.createdAt - a.createdAt;

/** The list with one document's change applied: replaced, added, or (null) removed. */
export function applyDocumentChange(list: DocumentView[], id: string, document: DocumentView | null): DocumentView[] {
  const others = list.filter((entry) => entry.id !== id);
  if (document === null) return others;
  const index = list.findIndex((entry) => entry.id === id);
  if (index === -1) return [...others, document].sort(newestFirst);
  return list.map((entry) => (entry.id === id ? document : entry));
}

export function useDocuments(api: HearthApi): DocumentsController {
  const [documents, setDocuments] = useState<DocumentView[] | null>(null);
  const { error, setError, attempt: attemptAction } = useAttempt();
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    let listed = false;
    // Changes that arrive before the first list are applied once it is in.
    const early: [string, DocumentView | null][] = [];
    api.call('documents.list', {}).then(
      (list) => {
        listed = true;
        if (active) setDocuments(early.reduce((current, [id, document]) => applyDocumentChange(current, id, document), list));
      },
      (failure: unknown) => active && setError(asErrorPayload(failure)),
    );
    const off = api.on('documents.changed', ({ id, document }) => {
      if (!listed) early.push([id, document]);
      else setDocuments((current) => applyDocumentChange(current ?? [], id, document));
    });
    return () => {
      active = false;
      off();
    };
  }, [api, setError]);

  const attempt = (action: () => Promise<unknown>): Promise<boolean> => {
    setNotice(null);
    return attemptAction(action);
  };

  return {
    documents,
    error,
    notice,
    add: (path) =>
      attempt(async () => {
        const result = await api.call('documents.add', { path });
        // Events sent while adding are newer than the result: the result only fills in documents not seen yet.
        setDocuments((current) =>
          result.added.reduce(
            (list, document) => (list.some((entry) => entry.id === document.id) ? list : applyDocumentChange(list, document.id, document)),
            current ?? [],
          ),
        );
        setNotice(addedSummary(result));
      }),
    async cancel(id) {
      await attempt(() => api.call('documents.cancel', { id }));
    },
    async remove(id) {
      await attempt(async () => {
        const { removed } = await api.call('documents.remove', { id });
        if (removed) setDocuments((current) => applyDocumentChange(current ?? [], id, null));
      });
    },
    dismissError: () => setError(null),
  };
}
