import {
  defaultDisclosureLevel, type DisclosureLevel, type EventName, type EventPayload, type Message, type RemoteReply, type ReplyPart, type Route,
} from '../api/contract.ts';
import { HearthError, toErrorPayload, type ErrorPayload } from '../api/errors.ts';
import type { Engine } from '../engine/engine.ts';
import type { ChatTurn, GenerationSettings } from '../engine/protocol.ts';
import type { AssembledContext, ContextInclude, ContextRequest } from '../memory/context/assemble-context.ts';
import type { Store } from '../store/store.ts';
import { replySettings } from './conversation-settings.ts';
import { LocalReplySource } from './local-reply-source.ts';
import { disclosedContext } from './remote-disclosure.ts';
import { continuation, type ReplyOutcome, type ReplyRequest, type ReplySource } from './reply-source.ts';

export const defaultGenerationSettings: GenerationSettings = {
  systemPrompt: 'You are Hearth, a helpful assistant running privately on this computer.',
  temperature: 0.7,
  topK: 40,
  topP: 0.9,
  maxTokens: 1024,
};

/**
 * The system prompt of a reply written off this device: the local one says
 * Hearth runs privately on this computer, which a provider's reply does not.
 */
export const defaultRemoteSystemPrompt = 'You are Hearth, a helpful assistant.';

/** A streaming reply is written to disk at most this often, so a crash loses at most this much text. */
const saveIntervalMs = 250;
const titleLength = 60;

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface ChatServiceOptions {
  store: Store;
  /** The local model: where a reply comes from unless the caller names another source. */
  engine: Engine;
  /** Writes the local replies in place of the plain local model (one that may call tools); the local model when left out. */
  localSource?: ReplySource;
  generation: GenerationSettings;
  emit: Emit;
  /** Adds memories and document passages to the prompt; without it, replies see the conversation only. */
  assembleContext?: (request: ContextRequest) => Promise<AssembledContext>;
  /** The system prompt a reply written off this device starts from; defaultRemoteSystemPrompt when left out. */
  remoteSystemPrompt?: string;
  /** What a reply written off this device may be given, asked at each such reply; the default level when left out. */
  remoteDisclosure?: () => DisclosureLevel;
  /** The memories marked private: a reply written off this device gets a placeholder wherever one appears. */
  privateTexts?: () => string[];
  /** What a failed reply records and shows; the core logs the failure on the way. */
  reportFailure?: (error: unknown) => ErrorPayload;
}

/** A cut reply continued on this device: its text so far, and the record of where it was written. */
interface ResumedReply {
  partial: string;
  /** Why the reply was cut: the error code, or STOPPED. */
  after: string;
  remote: RemoteReply | null;
}

interface ActiveReply {
  conversationId: string;
  /** Aborted by a stop: waiting for the model ends at once, a reply being written ends as interrupted. */
  stop: AbortController;
}

/** A reply written on this device may see every memory and passage relevant to it. */
const onDevice: ContextInclude = { facts: true, passages: true };

function withoutContext(request: ContextRequest): AssembledContext {
  return {
    systemPrompt: request.systemPrompt,
    history: request.history,
    record: {
      facts: [], sources: [], droppedTurns: 0,
      timings: { embedQueryMs: 0, vectorSearchMs: 0, keywordSearchMs: 0, fuseMs: 0, assembleMs: 0 },
    },
  };
}

function titleFrom(text: string): string {
  const firstLine = text.trim().split('\n')[0]!.trim();
  return firstLine.length > titleLength ? `${firstLine.slice(0, titleLength - 1)}…` : firstLine;
}

function toTurns(messages: Message[]): ChatTurn[] {
  return messages.filter((message) => message.content.length > 0).map((message) => ({ role: message.role, text: message.content }));
}

/**
 * Conversations: stores the user's message, streams the reply to the UI
 * while saving it as it grows, and records how it ended and where it ran.
 * Each reply comes from a source (the local model unless the caller names
 * another); a source on this device is given the relevant memories and
 * passages, one elsewhere only what the user's disclosure level allows, and
 * the reply's context record lists exactly what it was given. A message
 * sent while the model loads (or restarts after a crash) is kept, and its
 * reply waits for the model, streaming with no text yet.
 */
export function createChatService({
  store, engine, localSource, generation, emit, assembleContext, remoteSystemPrompt = defaultRemoteSystemPrompt,
  remoteDisclosure = () => defaultDisclosureLevel, privateTexts = () => [], reportFailure = toErrorPayload,
}: ChatServiceOptions) {
  const local: ReplySource = localSource ?? new LocalReplySource(engine);
  /** Replies being written now, by message id. */
  const active = new Map<string, ActiveReply>();
  const assemble = (request: ContextRequest) => (assembleContext ? assembleContext(request) : Promise.resolve(withoutContext(request)));
  /** Settles when every reply in flight has been saved; close() waits on it. */
  const inFlight = new Set<Promise<void>>();

  function historyOf(conversationId: string | null): ChatTurn[] {
    return conversationId === null ? [] : toTurns(store.messages.listByConversation(conversationId));
  }

  function assertIdle(conversationId: string): void {
    for (const reply of active.values()) {
      if (reply.conversationId === conversationId) throw new HearthError('BUSY');
    }
  }

  /**
   * What a reply is written from: the conversation, and the memories and passages it may see (all that are
   * relevant on this device; off it, what the disclosure level allows, read now so that a change applies).
   */
  function settingsFor(conversationId: string, onThisDevice: boolean, contextTokens: number | null) {
    return replySettings(store.chatSettings.forConversation(conversationId), {
      generation, systemPrompt: onThisDevice ? generation.systemPrompt : remoteSystemPrompt, contextTokens,
      allowed: onThisDevice ? onDevice : disclosedContext[remoteDisclosure()],
    });
  }

  async function replyRequest(conversationId: string, history: ChatTurn[], prompt: string, onThisDevice: boolean, contextTokens: number | null) {
    const settings = settingsFor(conversationId, onThisDevice, contextTokens);
    const context = await assemble({
      conversationId, prompt, history, systemPrompt: settings.generation.systemPrompt, replyTokens: settings.generation.maxTokens,
      contextTokens: settings.contextTokens, include: settings.include,
    });
    const request: ReplyRequest = {
      history: context.history, prompt, settings: { ...settings.generation, systemPrompt: context.systemPrompt },
      ...(onThisDevice ? {} : { privateTexts: privateTexts() }),
    };
    return { request, record: { ...context.record, settings: settings.record } };
  }

  /** The person's message and its reply, waiting for its first text; after `parentId` when named, else after the leaf. */
  function insertExchange(conversationId: string, text: string, source: ReplySource, route: Route | undefined, parentId?: string | null) {
    const userMessage = store.messages.insert({
      conversationId, role: 'user', content: text, status: 'complete', ...(parentId === undefined ? {} : { parentId }),
    });
    const inserted = store.messages.insert({ conversationId, role: 'assistant', content: '', status: 'streaming', model: source.model });
    if (route) store.messages.saveRoute(inserted.id, route);
    store.conversations.touch(conversationId);
    return { userMessage, assistantMessage: route ? store.messages.get(inserted.id)! : inserted };
  }

  function startReply(reply: Message, history: ChatTurn[], prompt: string, source: ReplySource, resumed?: ResumedReply): void {
    const entry: ActiveReply = { conversationId: reply.conversationId, stop: new AbortController() };
    active.set(reply.id, entry);
    const { signal } = entry.stop;
    let text = resumed?.partial ?? '';
    const settled = (async (): Promise<ReplyOutcome> => {
      const stopped = { stopped: true, stats: null, remote: null };
      // The context's budget depends on the model's context size: known once it is loaded.
      const room = await source.prepare(signal).catch((error: unknown) => {
        if (signal.aborted) return null;
        throw error;
      });
      if (!room) return stopped;
      if (resumed) {
        const settings = settingsFor(reply.conversationId, source.runsOnDevice, room.contextTokens).generation;
        return continueReply(source, continuation({ history, prompt, settings }, resumed.partial), resumed);
      }
      const { request, record } = await replyRequest(reply.conversationId, history, prompt, source.runsOnDevice, room.contextTokens);
      store.messages.saveContext(reply.id, record);
      if (signal.aborted) return stopped;
      return write(source, request);
    })()
      .then(
        ({ stopped, stats, remote, error }) => store.messages.finish(reply.id, error === undefined
          ? { content: text, status: stopped ? 'interrupted' : 'complete', stats, remote }
          : { content: text, status: 'error', stats, remote, error: reportFailure(error) }),
        (error: unknown) => store.messages.finish(reply.id, { content: text, status: 'error', error: reportFailure(error) }),
      )
      .then((message) => {
        active.delete(reply.id);
        store.conversations.touch(reply.conversationId);
        emit('chat.done', { message });
        emit('conversations.changed', { conversationId: reply.conversationId });
      });
    inFlight.add(settled);
    void settled.finally(() => inFlight.delete(settled));

    function write(writer: ReplySource, request: ReplyRequest): Promise<ReplyOutcome> {
      let savedAt = Date.now();
      return writer.write({ ...request, replyTo: { messageId: reply.id, conversationId: reply.conversationId } }, (chunk) => {
        text += chunk;
        emit('chat.token', { conversationId: reply.conversationId, messageId: reply.id, text: chunk });
        if (Date.now() - savedAt >= saveIntervalMs) {
          store.messages.saveProgress(reply.id, text);
          savedAt = Date.now();
        }
      }, signal);
    }

    /**
     * The text so far stands as the model's own answer, to be continued. Its
     * context record stays the one of the part that began it, and a provider's
     * record gains this part, as a failover would write it.
     */
    async function continueReply(writer: ReplySource, request: ReplyRequest, { partial, after, remote }: ResumedReply): Promise<ReplyOutcome> {
      const outcome = await write(writer, request);
      const part: ReplyPart = { after, startsAt: partial.length, model: writer.model, remote: outcome.remote };
      return { ...outcome, remote: remote ? { ...remote, continuedBy: [...(remote.continuedBy ?? []), part] } : outcome.remote };
    }
  }

  return {
    /** `route`: where the routing policy sent the message, and why, recorded on the reply. */
    send({ conversationId, text }: { conversationId: string | null; text: string }, source: ReplySource = local, route?: Route) {
      const existing = conversationId === null ? null : store.conversations.get(conversationId);
      if (conversationId !== null && !existing) throw new HearthError('NOT_FOUND');
      if (existing) assertIdle(existing.id);
      source.assertAvailable();

      const { conversation, userMessage, assistantMessage, history } = store.db.transaction(() => {
        const conversation = existing ?? store.conversations.create(titleFrom(text));
        const history = historyOf(conversation.id);
        return { conversation, history, ...insertExchange(conversation.id, text, source, route) };
      })();
      startReply(assistantMessage, history, text, source);
      emit('conversations.changed', { conversationId: conversation.id });
      return { conversation, userMessage, assistantMessage };
    },

    /**
     * An earlier message of the person's, edited: a new branch from its parent, whose reply is written from the
     * history before it. The message it replaces and everything after it stay, as another branch.
     */
    edit({ messageId, text }: { messageId: string; text: string }, source: ReplySource = local, route?: Route) {
      const original = store.messages.get(messageId);
      if (!original || original.role !== 'user') throw new HearthError('NOT_FOUND');
      assertIdle(original.conversationId);
      source.assertAvailable();
      const { userMessage, assistantMessage, history } = store.db.transaction(() => {
        const earlier = store.messages.listBefore(original.conversationId, original.id);
        const parentId = earlier.at(-1)?.id ?? null;
        return { history: toTurns(earlier), ...insertExchange(original.conversationId, text, source, route, parentId) };
      })();
      startReply(assistantMessage, history, text, source);
      emit('conversations.changed', { conversationId: original.conversationId });
      return { userMessage, assistantMessage };
    },

    /** Shows another version of a message, and the latest path after it; refused while a reply is written there. */
    switchBranch(messageId: string): Message[] {
      const message = store.messages.get(messageId);
      if (!message) throw new HearthError('NOT_FOUND');
      assertIdle(message.conversationId);
      store.messages.showBranchOf(message.conversationId, message.id);
      emit('conversations.changed', { conversationId: message.conversationId });
      return store.messages.listByConversation(message.conversationId);
    },

    /**
     * What a provider would be given to reply to `text` in this conversation now, before redaction: what
     * chat.route previews. Nothing is trimmed, as for a provider reply (its context limit is not known here).
     */
    async remoteRequest({ conversationId, text }: { conversationId: string | null; text: string }): Promise<ReplyRequest> {
      return (await replyRequest(conversationId ?? '', historyOf(conversationId), text, false, null)).request;
    },

    /** The conversation's turns so far, as a reply would be given them. */
    history: historyOf,

    /** True while any reply is being written; the model cannot be switched under it. */
    get busy(): boolean {
      return active.size > 0;
    },

    stop(messageId: string): boolean {
      const reply = active.get(messageId);
      if (!reply) return false;
      reply.stop.abort();
      return true;
    },

    /** Writes the latest reply again as a new version, from `source` (the local model unless named); the old one stays a branch. */
    regenerate(messageId: string, source: ReplySource = local, route?: Route) {
      const reply = store.messages.get(messageId);
      if (!reply || reply.role !== 'assistant') throw new HearthError('NOT_FOUND');
      assertIdle(reply.conversationId);
      if (!store.messages.isLastInConversation(reply.conversationId, reply.id)) {
        throw new HearthError('INVALID_REQUEST', { message: 'Only the latest reply can be written again.', action: 'Send a new message instead.' });
      }
      source.assertAvailable();
      const earlier = store.messages.listBefore(reply.conversationId, reply.id);
      const question = earlier.at(-1);
      if (!question || question.role !== 'user') throw new HearthError('NOT_FOUND');
      const written = store.db.transaction(() => {
        const inserted = store.messages.insert({
          conversationId: reply.conversationId, role: 'assistant', content: '', status: 'streaming', model: source.model, parentId: question.id,
        });
        if (route) store.messages.saveRoute(inserted.id, route);
        store.conversations.touch(reply.conversationId);
        // As shown: with its place among the versions of the reply.
        return store.messages.listByConversation(reply.conversationId).at(-1)!;
      })();
      startReply(written, toTurns(earlier.slice(0, -1)), question.content, source);
      emit('conversations.changed', { conversationId: reply.conversationId });
      return { assistantMessage: written };
    },

    /**
     * Continues the latest reply, cut by a failure or a stop, on this device:
     * its text is kept and the local model writes on from where it ends.
     */
    continueLocally(messageId: string) {
      const reply = store.messages.get(messageId);
      if (!reply || reply.role !== 'assistant') throw new HearthError('NOT_FOUND');
      assertIdle(reply.conversationId);
      if (!store.messages.isLastInConversation(reply.conversationId, reply.id)) {
        throw new HearthError('INVALID_REQUEST', { message: 'Only the latest reply can be continued.', action: 'Send a new message instead.' });
      }
      if ((reply.status !== 'error' && reply.status !== 'interrupted') || reply.content === '') {
        throw new HearthError('INVALID_REQUEST', { message: 'Only a reply that was cut off can be continued.', action: 'Send a new message instead.' });
      }
      local.assertAvailable();
      const earlier = store.messages.listBefore(reply.conversationId, reply.id);
      const question = earlier.at(-1);
      if (!question || question.role !== 'user') throw new HearthError('NOT_FOUND');
      const resumed = { partial: reply.content, after: reply.error?.code ?? 'STOPPED', remote: reply.remote ?? null };
      const streaming = store.messages.resume(reply.id);
      startReply(streaming, toTurns(earlier.slice(0, -1)), question.content, local, resumed);
      return { assistantMessage: streaming };
    },

    /** Stops every reply and waits until each is saved with its final status. */
    async close(): Promise<void> {
      for (const messageId of active.keys()) this.stop(messageId);
      await Promise.allSettled([...inFlight]);
    },
  };
}

export type ChatService = ReturnType<typeof createChatService>;
