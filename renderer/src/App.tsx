/** The window: sidebar, the chat or another page, status bar, and banners above them. */
import { useEffect, useState } from 'react';
import type { SearchHit } from '../../src/api/index.ts';
import { ChatView } from './chat/ChatView.tsx';
import { Sidebar } from './conversations/Sidebar.tsx';
import { DocumentsPage } from './documents/DocumentsPage.tsx';
import { MemoryPage } from './memory/MemoryPage.tsx';
import { ProvidersPage } from './market/ProvidersPage.tsx';
import { ModelsPage } from './models/ModelsPage.tsx';
import { RecommendedCard } from './models/RecommendedCard.tsx';
import { PrivacyPage } from './privacy/PrivacyPage.tsx';
import { useModels } from './models/useModels.ts';
import { useHearth } from './state/HearthProvider.tsx';
import { Banners } from './status/Banners.tsx';
import { StatusBar } from './status/StatusBar.tsx';
import { ThemeSwitch } from './theme/ThemeSwitch.tsx';
import { ToolsPage } from './tools/ToolsPage.tsx';
import { WalletPage } from './wallet-page/WalletPage.tsx';

type Page = 'chat' | 'documents' | 'memory' | 'models' | 'tools' | 'providers' | 'wallet' | 'privacy';

const pages: readonly [Page, string][] = [
  ['chat', 'Chat'],
  ['documents', 'Documents'],
  ['memory', 'Memory'],
  ['models', 'Models'],
  ['tools', 'Tools'],
  ['providers', 'Providers'],
  ['wallet', 'Wallet'],
  ['privacy', 'Privacy'],
];

export function App() {
  const { api, state, actions, connection, hasToken } = useHearth();
  const models = useModels(api);
  const [page, setPage] = useState<Page>('chat');
  const [highlight, setHighlight] = useState<{ conversationId: string; messageId: string } | null>(null);

  const openHit = (hit: SearchHit) => {
    setHighlight({ conversationId: hit.conversationId, messageId: hit.messageId });
    setPage('chat');
    actions.openConversation(hit.conversationId, hit.messageId);
  };
  // The matched message is marked for a moment, then the chat follows new replies again.
  useEffect(() => {
    if (highlight === null) return;
    const timer = setTimeout(() => setHighlight(null), 4000);
    return () => clearTimeout(timer);
  }, [highlight]);
  // Opening a conversation from the sidebar shows it, whichever page was open.
  useEffect(() => {
    if (state.currentId !== null) setPage('chat');
  }, [state.currentId]);
  const highlightId = highlight !== null && highlight.conversationId === state.currentId ? highlight.messageId : null;

  // First run: while only the bundled demo is installed, the recommendation sits beside the chat.
  const { installed, catalog } = models.state;
  const onlyDemo = installed !== null && installed.every((model) => model.origin === 'bundled');
  const recommended = catalog?.recommended ? catalog.models.find((model) => model.id === catalog.recommended?.id) : undefined;

  return (
    <div className="app">
      <Banners connection={connection} hasToken={hasToken} error={state.appError} onDismissError={actions.dismissAppError} />
      <nav className="app__nav" aria-label="Pages">
        {pages.map(([id, label]) => (
          <button
            key={id} type="button" className="app__tab" aria-current={page === id ? 'page' : undefined}
            onClick={() => setPage(id)} data-testid={`nav-${id}`}
          >
            {label}
          </button>
        ))}
        <ThemeSwitch />
      </nav>
      <div className={page === 'chat' && onlyDemo && recommended ? 'app__body app__body--aside' : 'app__body'}>
        <Sidebar onOpenHit={openHit} onNewChat={() => setPage('chat')} />
        {page === 'chat' ? (
          <>
            <ChatView highlightId={highlightId} />
            {onlyDemo && recommended && catalog?.recommended && (
              <aside className="app__aside">
                <RecommendedCard model={recommended} reason={catalog.recommended.reason} controller={models} compact onGetIt={() => setPage('models')} />
              </aside>
            )}
          </>
        ) : page === 'documents' ? (
          <DocumentsPage api={api} />
        ) : page === 'memory' ? (
          <MemoryPage api={api} />
        ) : page === 'models' ? (
          <ModelsPage controller={models} api={api} />
        ) : page === 'tools' ? (
          <ToolsPage api={api} />
        ) : page === 'providers' ? (
          <ProvidersPage api={api} />
        ) : page === 'wallet' ? (
          <WalletPage api={api} />
        ) : (
          <PrivacyPage api={api} />
        )}
      </div>
      <StatusBar modelStatus={state.modelStatus} lastStats={state.lastStats} connected={connection === null || connection.state === 'open'} />
    </div>
  );
}
