/** The window: sidebar, chat, status bar, and banners above them. */
import { useEffect, useState } from 'react';
import type { SearchHit } from '../../src/api/index.ts';
import { ChatView } from './chat/ChatView.tsx';
import { Sidebar } from './conversations/Sidebar.tsx';
import { useHearth } from './state/HearthProvider.tsx';
import { Banners } from './status/Banners.tsx';
import { StatusBar } from './status/StatusBar.tsx';

export function App() {
  const { state, actions, connection, hasToken } = useHearth();
  const [highlight, setHighlight] = useState<{ conversationId: string; messageId: string } | null>(null);

  const openHit = (hit: SearchHit) => {
    setHighlight({ conversationId: hit.conversationId, messageId: hit.messageId });
    actions.openConversation(hit.conversationId);
  };
  // The matched message is marked for a moment, then the chat follows new replies again.
  useEffect(() => {
    if (highlight === null) return;
    const timer = setTimeout(() => setHighlight(null), 4000);
    return () => clearTimeout(timer);
  }, [highlight]);
  const highlightId = highlight !== null && highlight.conversationId === state.currentId ? highlight.messageId : null;

  return (
    <div className="app">
      <Banners connection={connection} hasToken={hasToken} error={state.appError} onDismissError={actions.dismissAppError} />
      <div className="app__body">
        <Sidebar onOpenHit={openHit} />
        <ChatView highlightId={highlightId} />
      </div>
      <StatusBar modelStatus={state.modelStatus} lastStats={state.lastStats} connected={connection === null || connection.state === 'open'} />
    </div>
  );
}
