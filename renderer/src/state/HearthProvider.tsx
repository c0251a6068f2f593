/**
 * Holds the app state for the whole window: subscribes to Hearth's events,
 * loads what the views show, and offers the actions the views call. Views
 * read it with useHearth().
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import type { HearthApi, ReplyTarget, SearchHit } from '../../../src/api/index.ts';
import type { HearthBridge } from '../bridge/getHearth.ts';
import { isConnectionError, type ConnectionInfo } from '../bridge/wsClient.ts';
import { asErrorPayload } from '../bridge/callError.ts';
import { initialState, reducer, type AppState } from './store.ts';

export interface HearthActions {
  newChat(): void;
  /** Opens a conversation; with `showMessageId` (a search found it), on the branch that message is on. */
  openConversation(id: string, showMessageId?: string): void;
  /**
   * Sends a message, its reply written where `target` says (on this computer
   * when none); resolves true once Hearth accepted it, false when it was
   * refused (the reason is in composerError).
   */
  send(text: string, target?: ReplyTarget): Promise<boolean>;
  stop(messageId: string): Promise<void>;
  /** Writes the reply again as a new version (the old one kept): on this computer, or with `on: 'provider'` by the best ranked provider. */
  regenerate(messageId: string, on?: 'local' | 'provider'): Promise<void>;
  /** Has the local model write on from where a cut reply ends. */
  continueLocally(messageId: string): Promise<void>;
  /** Sends an edited version of an earlier message as a new branch; resolves false when refused (the reason is in composerError). */
  edit(messageId: string, text: string, target?: ReplyTarget): Promise<boolean>;
  /** Shows another version of an edited message, and the replies that followed it. */
  showBranch(messageId: string): Promise<void>;
  /** Where the open conversation's next replies are written; null for the reply control's default. */
  chooseReplyTarget(target: ReplyTarget | null): void;
  search(query: string): Promise<SearchHit[]>;
  dismissAppError(): void;
}

export interface HearthContextValue {
  /** For pages that keep their own state (the Models page). */
  api: HearthApi;
  state: AppState;
  actions: HearthActions;
  connection: ConnectionInfo | null;
  hasToken: boolean;
}

const HearthContext = createContext<HearthContextValue | null>(null);

/** How often streamed tokens are drawn: often enough to read as live, rarely enough to keep markdown cheap. */
const TOKEN_FLUSH_MS = 30;

/** Which conversation the page shows lives in the URL hash, so a reload keeps it open. */
function conversationFromHash(): string | null {
  const match = /^#\/c\/([^/?#]+)$/.exec(window.location.hash);
  return match?.[1] !== undefined ? decodeURIComponent(match[1]) : null;
}

function setHash(id: string | null): void {
  const url = new URL(window.location.href);
  url.hash = id === null ? '' : `/c/${encodeURIComponent(id)}`;
  window.history.replaceState(null, '', url);
}

export function HearthProvider({ bridge, children }: { bridge: HearthBridge; children: ReactNode }) {
  const api: HearthApi = bridge.api;
  const [state, dispatch] = useReducer(reducer, initialState);
  const [connection, setConnection] = useState<ConnectionInfo | null>(bridge.connection?.current() ?? null);
  const currentIdRef = useRef<string | null>(null);
  currentIdRef.current = state.currentId;

  // A lost connection has its own banner, and everything is reloaded when it comes back.
  const reportAppError = useCallback((error: unknown) => {
    if (!isConnectionError(error)) dispatch({ type: 'error/app', error: asErrorPayload(error) });
  }, []);

  const refreshConversations = useCallback(async () => {
    try {
      dispatch({ type: 'conversations/listed', conversations: await api.call('conversations.list', {}) });
    } catch (error) {
      reportAppError(error);
    }
  }, [api, reportAppError]);

  const refreshModelStatus = useCallback(async () => {
    try {
      dispatch({ type: 'model/status', status: await api.call('model.status', {}) });
    } catch (error) {
      reportAppError(error);
    }
  }, [api, reportAppError]);

  const loadConversation = useCallback(
    async (id: string, showMessageId?: string) => {
      dispatch({ type: 'conversation/opening', id });
      try {
        const { conversation, messages } = await api.call('conversations.get', { id, ...(showMessageId === undefined ? {} : { showMessageId }) });
        dispatch({ type: 'conversation/opened', conversation, messages });
      } catch (error) {
        if (isConnectionError(error)) return; // reloaded on reconnect
        dispatch({ type: 'conversation/openFailed', id, error: asErrorPayload(error) });
        if (currentIdRef.current === null || currentIdRef.current === id) setHash(null);
      }
    },
    [api],
  );

  // Events: tokens are gathered and drawn in batches; everything else goes straight in.
  useEffect(() => {
    const pendingTokens = new Map<string, string>();
    let flushTimer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      flushTimer = null;
      if (pendingTokens.size === 0) return;
      const deltas = Object.fromEntries(pendingTokens);
      pendingTokens.clear();
      dispatch({ type: 'chat/tokens', deltas });
    };
    let listTimer: ReturnType<typeof setTimeout> | null = null;
    const refreshListSoon = () => {
      if (listTimer !== null) return;
      listTimer = setTimeout(() => {
        listTimer = null;
        void refreshConversations();
      }, 150);
    };

    const offs = [
      api.on('chat.token', ({ messageId, text }) => {
        pendingTokens.set(messageId, (pendingTokens.get(messageId) ?? '') + text);
        flushTimer ??= setTimeout(flush, TOKEN_FLUSH_MS);
      }),
      api.on('chat.done', ({ message }) => {
        flush();
        dispatch({ type: 'chat/done', message });
        refreshListSoon();
      }),
      api.on('model.status', (status) => dispatch({ type: 'model/status', status })),
      api.on('conversations.changed', () => refreshListSoon()),
    ];
    return () => {
      for (const off of offs) off();
      if (flushTimer !== null) clearTimeout(flushTimer);
      if (listTimer !== null) clearTimeout(listTimer);
    };
  }, [api, refreshConversations]);

  // First load, and a full reload of what is shown whenever the connection comes back.
  useEffect(() => {
    void refreshConversations();
    void refreshModelStatus();
    const fromHash = conversationFromHash();
    if (fromHash !== null) void loadConversation(fromHash);
    if (bridge.connection === null) return;
    const unsubscribe = bridge.connection.subscribe((info, reconnected) => {
      setConnection(info);
      if (!reconnected) return;
      void refreshConversations();
      void refreshModelStatus();
      if (currentIdRef.current !== null) void loadConversation(currentIdRef.current);
    });
    // The socket may have opened between the first render and this subscription.
    setConnection(bridge.connection.current());
    return unsubscribe;
  }, [bridge, refreshConversations, refreshModelStatus, loadConversation]);

  const actions = useMemo<HearthActions>(
    () => ({
      newChat() {
        setHash(null);
        dispatch({ type: 'conversation/new' });
      },
      openConversation(id, showMessageId) {
        setHash(id);
        void loadConversation(id, showMessageId);
      },
      async send(text, target) {
        dispatch({ type: 'error/composer', error: null });
        try {
          const result = await api.call('chat.send', { conversationId: currentIdRef.current, text, ...(target ? { target } : {}) });
          dispatch({ type: 'chat/sent', ...result });
          if (currentIdRef.current === null || currentIdRef.current === result.conversation.id) setHash(result.conversation.id);
          return true;
        } catch (error) {
          dispatch({ type: 'error/composer', error: asErrorPayload(error) });
          return false;
        }
      },
      async stop(messageId) {
        try {
          await api.call('chat.stop', { messageId });
        } catch (error) {
          dispatch({ type: 'error/composer', error: asErrorPayload(error) });
        }
      },
      async regenerate(messageId, on) {
        dispatch({ type: 'error/composer', error: null });
        try {
          const { assistantMessage } = await api.call('chat.regenerate', { messageId, ...(on ? { on } : {}) });
          dispatch({ type: 'chat/regenerated', replacedId: messageId, assistantMessage });
        } catch (error) {
          dispatch({ type: 'error/composer', error: asErrorPayload(error) });
        }
      },
      async continueLocally(messageId) {
        dispatch({ type: 'chat/continuing', messageId });
        try {
          const { assistantMessage } = await api.call('chat.continue', { messageId });
          dispatch({ type: 'chat/continued', assistantMessage });
        } catch (error) {
          dispatch({ type: 'error/composer', error: asErrorPayload(error) });
          // Put back what the reply really is.
          if (currentIdRef.current !== null) void loadConversation(currentIdRef.current);
        }
      },
      async edit(messageId, text, target) {
        dispatch({ type: 'error/composer', error: null });
        try {
          await api.call('chat.edit', { messageId, text, ...(target ? { target } : {}) });
          if (currentIdRef.current !== null) await loadConversation(currentIdRef.current);
          return true;
        } catch (error) {
          dispatch({ type: 'error/composer', error: asErrorPayload(error) });
          return false;
        }
      },
      async showBranch(messageId) {
        try {
          await api.call('chat.switchBranch', { messageId });
          if (currentIdRef.current !== null) await loadConversation(currentIdRef.current);
        } catch (error) {
          dispatch({ type: 'error/composer', error: asErrorPayload(error) });
        }
      },
      chooseReplyTarget(target) {
        dispatch({ type: 'chat/target', conversationId: currentIdRef.current, target });
      },
      search(query) {
        return api.call('conversations.search', { query });
      },
      dismissAppError() {
        dispatch({ type: 'error/app', error: null });
      },
    }),
    [api, loadConversation],
  );

  const value = useMemo<HearthContextValue>(
    () => ({ api, state, actions, connection, hasToken: bridge.hasToken }),
    [api, state, actions, connection, bridge.hasToken],
  );
  return <HearthContext.Provider value={value}>{children}</HearthContext.Provider>;
}

export function useHearth(): HearthContextValue {
  const value = useContext(HearthContext);
  if (value === null) throw new Error('useHearth() must be used inside <HearthProvider>.');
  return value;
}

/** The API where a view may also be drawn on its own (a message rendered in a test): null outside <HearthProvider>. */
export const useOptionalHearthApi = (): HearthApi | null => useContext(HearthContext)?.api ?? null;
