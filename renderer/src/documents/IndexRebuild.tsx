/** While the search index is rebuilt (once, after an update): how far it is, and that questions are still answered. */
import type { HearthApi } from '../../../src/api/index.ts';
import { rebuildPercent, rebuildSentence } from './format.ts';
import { useDocumentIndex } from './useDocumentIndex.ts';

export function IndexRebuild({ api }: { api: HearthApi }) {
  const rebuild = useDocumentIndex(api)?.rebuild ?? null;
  if (rebuild === null) return null;
  return (
    <div className="documents__index" data-testid="index-rebuild">
      <progress
        className="document__bar" max={100} value={rebuildPercent(rebuild)}
        aria-label="Updating the search index" data-testid="index-rebuild-bar"
      />
      <p className="documents__index-text" data-testid="index-rebuild-text">{rebuildSentence(rebuild)}</p>
    </div>
  );
}
