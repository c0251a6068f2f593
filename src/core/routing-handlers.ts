/**
 * The calls that decide where a message is answered: the routing settings,
 * a conversation made private, the decision previewed before sending, and
 * sending or writing again where the policy (or the person) says, with the
 * decision recorded on the reply.
 */
import type { EventName, EventPayload, ReplyTarget, Route } from '../api/contract.ts';
import { HearthError } from '../api/errors.ts';
import type { ChatService } from '../chat/chat-service.ts';
import type { ReplySource } from '../chat/reply-source.ts';
import type { MarketService } from '../market/market-service.ts';
import type { RouteDecision } from '../router/policy/route-types.ts';
import { asRoute, nothingCanAnswer, type RouteService } from '../router/route-service.ts';
import type { RoutingSettingsStore } from '../router/routing-settings.ts';
import type { Store } from '../store/store.ts';
import type { Handlers } from './dispatch.ts';

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface RoutingHandlersOptions {
  routes: RouteService;
  settings: RoutingSettingsStore;
  chat: ChatService;
  store: Store;
  emit: Emit;
  needMarket: () => MarketService;
}

type RoutingHandlers = Pick<Handlers, 'routing.get' | 'routing.set' | 'routing.conversation.get' | 'routing.conversation.set' | 'chat.route' | 'chat.send' | 'chat.edit' | 'chat.regenerate'>;

/**
 * What a reply the person placed themselves records: the policy's words when it agrees (for this computer, also
 * when it says nothing here can read the message, which the reply's error then shows), else their choice.
 */
function chosenRoute(decision: RouteDecision, chosen: 'local' | 'provider'): Route {
  if (decision.target === chosen || (chosen === 'local' && decision.target === 'none')) return asRoute(decision);
  return chosen === 'provider'
    ? { target: 'provider', code: 'message-asks-provider', reason: 'Sent to a provider: you chose one for this message.' }
    : { target: 'local', code: 'message-asks-local', reason: 'Answered here: you chose this computer for this message.' };
}

export function routingHandlers({ routes, settings, chat, store, emit, needMarket }: RoutingHandlersOptions): RoutingHandlers {
  /** The best ranked provider, this computer taking over if it fails mid-reply. */
  const bestProvider = () => needMarket().replySource({ kind: 'provider', fallback: 'local' });

  /** Where an explicit choice goes; a private conversation refuses every provider. */
  async function placed(question: { conversationId: string | null; text: string }, target: Exclude<ReplyTarget, { kind: 'auto' }> | undefined) {
    const chosen = target?.kind === 'provider' ? 'provider' : 'local';
    const decision = await routes.decide(question, chosen);
    if (chosen === 'provider' && decision.code === 'private-conversation') throw new HearthError('ROUTE_PRIVATE_CONVERSATION');
    const source: ReplySource | undefined = target?.kind === 'provider' ? await needMarket().replySource(target) : undefined;
    return { source, route: chosenRoute(decision, chosen) };
  }

  /** Where the policy sends the message; nothing is sent where nothing can answer, or before a cost above the threshold is confirmed. */
  async function routed(question: { conversationId: string | null; text: string }, confirmed: boolean) {
    const decision = await routes.decide(question);
    if (decision.target === 'none') throw nothingCanAnswer(decision);
    if (decision.target === 'local') return { source: undefined, route: asRoute(decision) };
    if (decision.confirm && !confirmed) throw new HearthError('ROUTE_NEEDS_CONFIRMATION', { details: decision.reason });
    return { source: await bestProvider(), route: asRoute(decision) };
  }

  return {
    'routing.get': () => settings.get(),
    'routing.set': (change) => {
      const next = settings.set(change);
      emit('routing.changed', next);
      return next;
    },
    'routing.conversation.get': ({ conversationId }) => ({ private: settings.isPrivate(conversationId) }),
    'routing.conversation.set': ({ conversationId, private: isPrivate }) => {
      if (!store.conversations.get(conversationId)) throw new HearthError('NOT_FOUND');
      return { private: settings.setPrivate(conversationId, isPrivate) };
    },
    'chat.route': ({ conversationId, text, override }) => routes.preview({ conversationId, text }, override),
    'chat.send': async ({ target, ...question }) => {
      const { source, route } = target?.kind === 'auto' ? await routed(question, target.confirmed) : await placed(question, target);
      return chat.send(question, source, route);
    },
    'chat.edit': async ({ target, messageId, text }) => {
      const original = store.messages.get(messageId);
      if (!original) throw new HearthError('NOT_FOUND');
      const question = { conversationId: original.conversationId, text };
      const { source, route } = target?.kind === 'auto' ? await routed(question, target.confirmed) : await placed(question, target);
      return chat.edit({ messageId, text }, source, route);
    },
    'chat.regenerate': async ({ messageId, on = 'local' }) => {
      const reply = store.messages.get(messageId);
      const question = reply && store.messages.listBefore(reply.conversationId, reply.id).at(-1);
      if (!reply || !question) throw new HearthError('NOT_FOUND');
      const { source, route } = await placed({ conversationId: reply.conversationId, text: question.content }, on === 'provider' ? { kind: 'provider', fallback: 'local' } : undefined);
      const regenerated = chat.regenerate(messageId, source, route);
      routes.noteRewrite(reply.route, on, question.content);
      return regenerated;
    },
  };
}
