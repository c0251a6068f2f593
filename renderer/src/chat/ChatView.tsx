/**
 * The open conversation: its messages, live replies, and the composer with
 * where the next reply is written. Local-only mode means local only: no
 * provider is named, priced or offered anywhere in the chat.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useHearth } from '../state/HearthProvider.tsx';
import { displayText, replyTargetOf, streamingReply } from '../state/store.ts';
import { EmptyState } from '../onboarding/EmptyState.tsx';
import { DemoNotice } from '../onboarding/DemoNotice.tsx';
import { MemorySuggestions } from '../memory/MemorySuggestions.tsx';
import { ChatSettingsButton } from '../chat-settings/ChatSettingsButton.tsx';
import { PinDocuments } from '../documents/PinDocuments.tsx';
import { chosenOption, replyOptions } from '../market/reply-targets.ts';
import { useMarketView } from '../market/useMarketView.ts';
import { PrivateToggle } from '../routing/PrivateToggle.tsx';
import { RoutePreviewDialog } from '../routing/RoutePreviewDialog.tsx';
import { rewriteOffer } from '../routing/rewrite-offer.ts';
import { useConversationPrivacy } from '../routing/useConversationPrivacy.ts';
import { useRoutedSend } from '../routing/useRoutedSend.ts';
import { useRoutingSettings } from '../routing/useRoutingSettings.ts';
import { canContinueLocally } from './continue-locally.ts';
import { Composer } from './Composer.tsx';
import { MessageView } from './MessageView.tsx';
import type { BranchActions } from './UserMessage.tsx';
import { ReplyTargetControl } from './ReplyTargetControl.tsx';

export function ChatView({ highlightId }: { highlightId: string | null }) {
  const { api, state, actions } = useHearth();
  const { messages, modelStatus } = state;
  const reply = streamingReply(state);
  const [stoppingId, setStoppingId] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);

  const lastAssistant = [...messages].reverse().find((m) => m.role === 'assistant') ?? null;
  const latestId = messages.at(-1)?.id ?? null;
  // Where the next reply goes: the option the control shows is the one sent; until the
  // market is known again (just after this view opens), the choice as it was made.
  const { view: market } = useMarketView(api);
  const { settings: routing } = useRoutingSettings(api);
  const privacy = useConversationPrivacy(api, state.currentId);
  const marketOn = market !== null && market.status !== 'off';
  const notLocalOnly = routing !== null && routing.mode !== 'local-only';
  const providersAllowed = marketOn && notLocalOnly && privacy.isPrivate !== true;
  const replyChoices = replyOptions(market, { automatic: notLocalOnly, providers: notLocalOnly && privacy.isPrivate !== true });
  const replyChoice = chosenOption(replyChoices, replyTargetOf(state));
  const sendTarget = market === null ? (replyTargetOf(state) ?? { kind: 'local' }) : replyChoice.target;
  const routed = useRoutedSend({ api, conversationId: state.currentId, target: sendTarget, providersAllowed, send: actions.send });
  const liveText = reply === null ? '' : displayText(state, reply);
  const branches: BranchActions = {
    canChange: reply === null,
    edit: (messageId, text) => actions.edit(messageId, text, sendTarget),
    show: (messageId) => void actions.showBranch(messageId),
  };

  // Follow a reply as it grows, unless the person scrolled up to read.
  const onScroll = () => {
    const el = scrollRef.current;
    if (el === null) return;
    stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  };
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el !== null && stickToBottom.current && highlightId === null) el.scrollTop = el.scrollHeight;
  }, [messages.length, liveText, highlightId]);

  useEffect(() => {
    stickToBottom.current = true;
  }, [state.currentId]);

  useEffect(() => {
    if (highlightId === null) return;
    const el = scrollRef.current?.querySelector(`[data-message-id="${CSS.escape(highlightId)}"]`);
    el?.scrollIntoView({ block: 'start' });
  }, [highlightId, messages.length]);

  const stop = async () => {
    if (reply === null) return;
    setStoppingId(reply.id);
    await actions.stop(reply.id);
  };

  // Esc stops the reply being written.
  const stopRef = useRef(stop);
  stopRef.current = stop;
  const streaming = reply !== null;
  useEffect(() => {
    if (!streaming) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') void stopRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [streaming]);

  const showEmpty = messages.length === 0 && !state.loadingConversation;

  return (
    <main className="chat" aria-label="Chat">
      <header className="chat__header">
        <h1 className="chat__title" data-testid="chat-title">
          {state.currentId === null ? 'New chat' : (state.currentTitle ?? '…')}
        </h1>
        {state.currentId !== null ? (
          <div className="chat__tools">
            <ChatSettingsButton api={api} conversationId={state.currentId} />
            <PrivateToggle privacy={privacy} />
            <PinDocuments api={api} conversationId={state.currentId} />
            <MemorySuggestions api={api} conversationId={state.currentId} disabled={streaming} />
          </div>
        ) : null}
      </header>
      {modelStatus?.isDemo ? <DemoNotice /> : null}
      <div className="chat__scroll" ref={scrollRef} onScroll={onScroll}>
        <div className="chat__messages" aria-live="off">
          {showEmpty ? <EmptyState modelStatus={modelStatus} /> : null}
          {messages.map((message) => (
            <MessageView
              key={message.id}
              message={message}
              text={displayText(state, message)}
              canRegenerate={reply === null && message.id === lastAssistant?.id}
              onRegenerate={() => void actions.regenerate(message.id)}
              highlighted={message.id === highlightId}
              modelStatus={modelStatus}
              canContinue={reply === null && canContinueLocally(message, message.id === latestId)}
              onContinue={() => void actions.continueLocally(message.id)}
              rewrite={reply === null && message.id === lastAssistant?.id ? rewriteOffer(message, providersAllowed) : null}
              onRewrite={(on) => void actions.regenerate(message.id, on)}
              branches={branches}
            />
          ))}
        </div>
      </div>
      <Composer
        streaming={reply !== null}
        stopping={reply !== null && stoppingId === reply.id}
        error={routed.problem ?? state.composerError}
        onSend={routed.send}
        offer={routed.sendToProvider ? { label: 'Send to a provider', send: routed.sendToProvider } : null}
        onStop={() => void stop()}
        focusKey={state.currentId ?? 'new'}
        below={
          market !== null && market.status !== 'off' ? (
            <ReplyTargetControl api={api} options={replyChoices} chosen={replyChoice} onChoose={actions.chooseReplyTarget} />
          ) : null
        }
      />
      {routed.pending ? <RoutePreviewDialog preview={routed.pending.preview} onChoose={routed.pending.choose} /> : null}
    </main>
  );
}
