/** New chat, search, and the list of conversations. */
import { useEffect, useRef, useState } from 'react';
import type { ErrorPayload, SearchHit } from '../../../src/api/index.ts';
import { asErrorPayload } from '../bridge/callError.ts';
import { useHearth } from '../state/HearthProvider.tsx';
import { ConversationList } from './ConversationList.tsx';
import { SearchResults } from './SearchResults.tsx';

const SEARCH_DELAY_MS = 250;

export function Sidebar({ onOpenHit, onNewChat }: { onOpenHit(hit: SearchHit): void; onNewChat(): void }) {
  const { state, actions } = useHearth();
  const [query, setQuery] = useState('');
  // The answer, and the query it answers: while a new query is pending the old hits are not shown.
  const [result, setResult] = useState<{ query: string; hits: SearchHit[]; error: ErrorPayload | null } | null>(null);
  const latest = useRef(0);
  const trimmed = query.trim();

  useEffect(() => {
    if (trimmed === '') return;
    const ticket = ++latest.current;
    const timer = setTimeout(() => {
      actions.search(trimmed).then(
        (hits) => {
          if (ticket === latest.current) setResult({ query: trimmed, hits, error: null });
        },
        (failure: unknown) => {
          if (ticket === latest.current) setResult({ query: trimmed, hits: [], error: asErrorPayload(failure) });
        },
      );
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
    // A reply that ends can add new matches: search again when the list changes.
  }, [trimmed, actions, state.conversations]);

  return (
    <nav className="sidebar" aria-label="Conversations">
      <button
        type="button"
        className="button button--primary sidebar__new"
        data-testid="new-chat-button"
        onClick={() => {
          actions.newChat();
          onNewChat();
        }}
      >
        New chat
      </button>
      <div className="sidebar__search" role="search">
        <label htmlFor="search-input" className="visually-hidden">
          Search conversations
        </label>
        <input
          id="search-input"
          type="search"
          className="text-input sidebar__search-input"
          data-testid="search-input"
          placeholder="Search conversations"
          value={query}
          maxLength={200}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setQuery('');
          }}
        />
      </div>
      <div className="sidebar__list">
        {trimmed === '' ? (
          <ConversationList
            conversations={state.conversations}
            loaded={state.conversationsLoaded}
            currentId={state.currentId}
            onOpen={actions.openConversation}
          />
        ) : (
          <SearchResults
            query={trimmed}
            hits={result?.query === trimmed ? result.hits : null}
            error={result?.query === trimmed ? result.error : null}
            onOpen={onOpenHit}
          />
        )}
      </div>
    </nav>
  );
}
