/** The search index's state, as the core last said, kept fresh by documents.index events. */
import { useEffect, useState } from 'react';
import type { DocumentIndexView, HearthApi } from '../../../src/api/index.ts';

/** Null until the first answer or event. */
export function useDocumentIndex(api: HearthApi): DocumentIndexView | null {
  const [index, setIndex] = useState<DocumentIndexView | null>(null);

  useEffect(() => {
    let active = true;
    // An event may be newer than the first call's answer: a stale rebuild would then stay on screen, with no event left to end it.
    let heard = false;
    // The state is only shown, never needed: without an answer the page works as before, and events still bring a rebuild in.
    api.call('documents.index', {}).then((first) => active && !heard && setIndex(first), () => undefined);
    const off = api.on('documents.index', (next) => {
      heard = true;
      setIndex(next);
    });
    return () => {
      active = false;
      off();
    };
  }, [api]);

  return index;
}
