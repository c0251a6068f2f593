/**
 * The app state and the one reducer that changes it. Pure: no API calls, no
 * DOM, so the rules about streaming replies can be read (and tested) here.
 *
 * Streaming: a reply's text arrives as deltas (chat.token) and is kept in
 * `streamText` by message id, apart from the message itself; chat.done then
 * replaces the message with its final form. Events and call results can
 * arrive in either order, so a reply that finished before its chat.send
 * result came back is remembered in `finals` and wins over the stale copy.
 */
import type {
  Conversation,
  ConversationSummary,
  ErrorPayload,
  Message,
  ModelStatus,
  ReplyStats,
  ReplyTarget,
} from '../../../src/api/index.ts';

export interface AppState {
  conversations: ConversationSummary[];
  conversationsLoaded: boolean;
  /** The open conversation; null for a new, unsaved chat. */
  currentId: string | null;
  currentTitle: string | null;
  messages: Message[];
  loadingConversation: boolean;
  /** Live text of replies being written, by message id. */
  streamText: Record<string, string>;
  /** Replies that have ended in this session, by message id. */
  finals: Record<string, Message>;
  modelStatus: ModelStatus | null;
  lastStats: ReplyStats | null;
  /** A problem with the app as a whole (shown as a banner). */
  appError: ErrorPayload | null;
  /** A problem with what the person just tried to send, stop or regenerate (shown by the composer). */
  composerError: ErrorPayload | null;
  /**
   * Where the next reply of each conversation is written, chosen in the chat
   * and kept while the page is open; absent means no choice made (the reply
   * control's default). The new, unsaved chat's choice is kept under NEW_CHAT
   * until it is saved.
   */
  replyTargets: Record<string, ReplyTarget>;
}

export type Action =
  | { type: 'conversations/listed'; conversations: ConversationSummary[] }
  | { type: 'conversation/new' }
  | { type: 'conversation/opening'; id: string }
  | { type: 'conversation/opened'; conversation: Conversation; messages: Message[] }
  | { type: 'conversation/openFailed'; id: string; error: ErrorPayload }
  | { type: 'chat/sent'; conversation: Conversation; userMessage: Message; assistantMessage: Message }
  | { type: 'chat/tokens'; deltas: Record<string, string> }
  | { type: 'chat/done'; message: Message }
  /** A reply written again: its new version takes the old one's place (which stays a branch in the conversation). */
  | { type: 'chat/regenerated'; replacedId: string; assistantMessage: Message }
  | { type: 'chat/continuing'; messageId: string }
  | { type: 'chat/continued'; assistantMessage: Message }
  | { type: 'chat/target'; conversationId: string | null; target: ReplyTarget | null }
  | { type: 'model/status'; status: ModelStatus }
  | { type: 'error/app'; error: ErrorPayload | null }
  | { type: 'error/composer'; error: ErrorPayload | null };

export const initialState: AppState = {
  conversations: [],
  conversationsLoaded: false,
  currentId: null,
  currentTitle: null,
  messages: [],
  loadingConversation: false,
  streamText: {},
  finals: {},
  modelStatus: null,
  lastStats: null,
  appError: null,
  composerError: null,
  replyTargets: {},
};

/** The key of the new, unsaved chat's reply target (conversation ids are never empty). */
export const NEW_CHAT = '';

const targetKey = (conversationId: string | null): string => conversationId ?? NEW_CHAT;

const roleOrder = { user: 0, assistant: 1 } as const;

function byTime(a: Message, b: Message): number {
  return a.createdAt - b.createdAt || roleOrder[a.role] - roleOrder[b.role];
}

/** Adds or replaces messages by id, keeping the list in conversation order. */
function upsert(messages: Message[], incoming: Message[]): Message[] {
  const next = [...messages];
  for (const message of incoming) {
    const index = next.findIndex((m) => m.id === message.id);
    if (index === -1) next.push(message);
    else next[index] = message;
  }
  return next.sort(byTime);
}

function newestFirst(list: ConversationSummary[]): ConversationSummary[] {
  return [...list].sort((a, b) => b.updatedAt - a.updatedAt);
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const next = { ...record };
  delete next[key];
  return next;
}

export function reducer(state: AppState, action: Action): AppState {
  switch (action.type) {
    case 'conversations/listed':
      return { ...state, conversations: newestFirst(action.conversations), conversationsLoaded: true };

    case 'conversation/new':
      return {
        ...state,
        currentId: null,
        currentTitle: null,
        messages: [],
        loadingConversation: false,
        composerError: null,
        replyTargets: without(state.replyTargets, NEW_CHAT),
      };

    case 'conversation/opening':
      if (state.currentId === action.id) return { ...state, loadingConversation: true };
      return { ...state, currentId: action.id, currentTitle: null, messages: [], loadingConversation: true, composerError: null };

    case 'conversation/opened': {
      if (state.currentId !== action.conversation.id) return state;
      // Replies finished in this session are newer than anything read before their chat.done; their versions are as now read.
      const messages = action.messages
        .map((m) => {
          const final = state.finals[m.id];
          return final === undefined ? m : { ...final, branch: m.branch };
        })
        .sort(byTime);
      const streamText = { ...state.streamText };
      for (const message of messages) {
        if (message.status !== 'streaming') continue;
        const live = streamText[message.id] ?? '';
        // Whichever is longer has seen more of the reply.
        if (message.content.length > live.length) streamText[message.id] = message.content;
        else streamText[message.id] = live;
      }
      return { ...state, currentTitle: action.conversation.title, messages, streamText, loadingConversation: false };
    }

    case 'conversation/openFailed':
      if (state.currentId !== action.id) return state;
      return { ...state, currentId: null, currentTitle: null, messages: [], loadingConversation: false, appError: action.error };

    case 'chat/sent': {
      const { conversation, userMessage } = action;
      const assistantMessage = state.finals[action.assistantMessage.id] ?? action.assistantMessage;
      const summary: ConversationSummary = { ...conversation, preview: userMessage.content.slice(0, 200) };
      const conversations = newestFirst([summary, ...state.conversations.filter((c) => c.id !== conversation.id)]);
      if (state.currentId !== null && state.currentId !== conversation.id) return { ...state, conversations };
      // The new chat, now saved, keeps the target chosen for it.
      const newChatTarget = state.currentId === null ? state.replyTargets[NEW_CHAT] : undefined;
      const replyTargets =
        newChatTarget === undefined ? state.replyTargets : { ...without(state.replyTargets, NEW_CHAT), [conversation.id]: newChatTarget };
      const streamText =
        assistantMessage.status === 'streaming' && !(assistantMessage.id in state.streamText)
          ? { ...state.streamText, [assistantMessage.id]: '' }
          : state.streamText;
      const messages = upsert(state.currentId === conversation.id ? state.messages : [], [userMessage, assistantMessage]);
      return {
        ...state,
        conversations,
        currentId: conversation.id,
        currentTitle: conversation.title,
        messages,
        streamText,
        composerError: null,
        replyTargets,
      };
    }

    case 'chat/tokens': {
      const streamText = { ...state.streamText };
      for (const [id, text] of Object.entries(action.deltas)) {
        if (id in state.finals) continue; // a late token for a reply that already ended
        streamText[id] = (streamText[id] ?? '') + text;
      }
      return { ...state, streamText };
    }

    case 'chat/done': {
      const { message } = action;
      const next: AppState = {
        ...state,
        finals: { ...state.finals, [message.id]: message },
        streamText: without(state.streamText, message.id),
        lastStats: message.stats ?? state.lastStats,
      };
      if (message.conversationId === state.currentId) next.messages = upsert(state.messages, [message]);
      return next;
    }

    case 'chat/regenerated': {
      const message = state.finals[action.assistantMessage.id] ?? action.assistantMessage;
      if (message.conversationId !== state.currentId) return state;
      const streamText = message.status === 'streaming' && !(message.id in state.streamText) ? { ...state.streamText, [message.id]: '' } : state.streamText;
      return { ...state, streamText, messages: state.messages.map((m) => (m.id === action.replacedId ? message : m)), composerError: null };
    }

    case 'chat/continued': {
      const message = state.finals[action.assistantMessage.id] ?? action.assistantMessage;
      if (message.conversationId !== state.currentId) return state;
      return { ...state, messages: upsert(state.messages, [message]) };
    }

    // A cut reply written on by the local model: its text stays, and the new tokens follow it.
    case 'chat/continuing': {
      const message = state.messages.find((m) => m.id === action.messageId);
      if (message === undefined) return state;
      return {
        ...state,
        finals: without(state.finals, action.messageId),
        streamText: { ...state.streamText, [action.messageId]: message.content },
        messages: state.messages.map((m) => (m.id === action.messageId ? { ...m, status: 'streaming', error: null } : m)),
        composerError: null,
      };
    }

    case 'chat/target': {
      const key = targetKey(action.conversationId);
      const replyTargets = action.target === null
        ? without(state.replyTargets, key)
        : { ...state.replyTargets, [key]: action.target };
      return { ...state, replyTargets };
    }

    case 'model/status':
      return { ...state, modelStatus: action.status };

    case 'error/app':
      return { ...state, appError: action.error };

    case 'error/composer':
      return { ...state, composerError: action.error };
  }
}

/** The text to show for a message: live text while it streams, its content otherwise. */
export function displayText(state: Pick<AppState, 'streamText'>, message: Message): string {
  if (message.status === 'streaming') return state.streamText[message.id] ?? message.content;
  return message.content;
}

/** The reply being written in the open conversation, if any. */
export function streamingReply(state: Pick<AppState, 'messages'>): Message | null {
  return state.messages.find((m) => m.role === 'assistant' && m.status === 'streaming') ?? null;
}

/** Where the open conversation's next reply is written, as the person chose it; null when they made no choice. */
export function replyTargetOf(state: Pick<AppState, 'currentId' | 'replyTargets'>): ReplyTarget | null {
  return state.replyTargets[targetKey(state.currentId)] ?? null;
}
