/** Messages that matched a search; opening one shows its conversation. */
import type { ErrorPayload, SearchHit } from '../../../src/api/index.ts';
import { Snippet } from './Snippet.tsx';

export interface SearchResultsProps {
  query: string;
  hits: SearchHit[] | null;
  error: ErrorPayload | null;
  onOpen(hit: SearchHit): void;
}

export function SearchResults({ query, hits, error, onOpen }: SearchResultsProps) {
  if (error !== null) {
    return (
      <p className="sidebar__note sidebar__note--error" role="alert">
        {error.message} {error.action}
      </p>
    );
  }
  if (hits === null) return <p className="sidebar__note">Searching…</p>;
  if (hits.length === 0) return <p className="sidebar__note">No messages match “{query}”.</p>;
  return (
    <ul className="conversation-list" aria-label={`Search results for ${query}`}>
      {hits.map((hit) => (
        <li key={hit.messageId}>
          <button
            type="button"
            className="conversation-item"
            data-testid="search-hit"
            data-conversation-id={hit.conversationId}
            onClick={() => onOpen(hit)}
          >
            <span className="conversation-item__title">{hit.title || 'Untitled'}</span>
            <span className="conversation-item__preview conversation-item__preview--snippet">
              <Snippet text={hit.snippet} />
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
