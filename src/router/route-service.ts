/**
 * The routing policy at work in the core: gathers what decideRoute needs
 * for a message (its size against this computer's model, its difficulty,
 * the person's mode and thresholds, the conversation's privacy, the
 * market's offer and the spend left), previews exactly what a provider
 * reply would send (redacted), and learns from the person's corrections.
 */
import type { ModelStatus, Route, RoutePreview } from '../api/contract.ts';
import { HearthError } from '../api/errors.ts';
import type { ReplyRequest } from '../chat/reply-source.ts';
import type { RouteQuote } from '../market/market-service.ts';
import { promptShareOfContext } from '../engine/prompt-room.ts';
import type { ChatTurn } from '../engine/protocol.ts';
import { RecentDrafts } from './recent-drafts.ts';
import { disclosurePreview, redactReply } from './disclosure.ts';
import { decideRoute } from './policy/decide-route.ts';
import { cheapSignals, difficultyScore } from './policy/difficulty.ts';
import { defaultRouteThresholds, personalThresholds } from './policy/personal-thresholds.ts';
import type { RouteDecision, RouteInput, RouteOverride } from './policy/route-types.ts';
import type { RoutingSettingsStore } from './routing-settings.ts';

export interface RouteServiceOptions {
  settings: RoutingSettingsStore;
  localModel: () => ModelStatus;
  /** The market's offer as the policy needs it; null without a marketplace. */
  quote: () => RouteQuote | null;
  systemPrompt: string;
  history: (conversationId: string | null) => ChatTurn[];
  /** What a provider would be given for the message, before redaction (ChatService.remoteRequest). */
  remoteRequest: (message: RouteQuestion) => Promise<ReplyRequest>;
  /** How many tokens this computer's model reads in each text (Engine.countTokens); rejects while no model is loaded. */
  countTokens: (texts: string[]) => Promise<number[]>;
  /** The probabilities this computer's model gives the first tokens of a draft reply (Engine.draft). */
  draft: (request: { systemPrompt: string; history: ChatTurn[]; prompt: string; tokens: number }) => Promise<number[]>;
}

export interface RouteQuestion {
  conversationId: string | null;
  text: string;
  /** The turns before it, when they are not a stored conversation's (an app's request to the local API). */
  history?: ChatTurn[];
}

/**
 * Until a model is loaded to count them: two bytes a token, on the side of
 * too many (small vocabularies cut English text into tokens of about two
 * characters, large ones into about four).
 */
const estimateTokens = (text: string) => Math.ceil(Buffer.byteLength(text, 'utf8') / 2);

/** Tokens drafted, and the quantile of their probabilities read as the model's confidence (its unsure moments, not its average). */
const draftTokens = 16;
const draftQuantile = 0.1;

function lowQuantile(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * draftQuantile))]!;
}

/** Until a model has loaded once, the smallest context Hearth gives one. */
const assumedContext = 2048;

export const asRoute = (decision: RouteDecision): Route => ({ target: decision.target, code: decision.code, reason: decision.reason });

/** The refusal of a message nothing can answer (a decision whose target is none), with the policy's reason. */
export const nothingCanAnswer = (decision: RouteDecision) =>
  new HearthError('ROUTE_NOTHING_CAN_ANSWER', { message: decision.reason, action: 'Change what the reason names, then send it again.' });

export function createRouteService(options: RouteServiceOptions) {
  const { settings } = options;
  const drafts = new RecentDrafts();

  /** The prompt's tokens as this computer's model counts them: what must reach it whole, and the earlier turns. */
  async function promptSize(text: string, history: ChatTurn[]): Promise<RouteInput['prompt']> {
    const texts = [options.systemPrompt, text, ...history.map((turn) => turn.text)];
    const counts = await options.countTokens(texts).catch(() => texts.map(estimateTokens));
    const [system = 0, message = 0, ...turns] = counts;
    return { promptTokens: system + message, contextTokens: turns.reduce((sum, count) => sum + count, 0) };
  }

  function input({ conversationId, text }: RouteQuestion, prompt: RouteInput['prompt'], override: RouteOverride): RouteInput {
    const status = options.localModel();
    const quote = options.quote();
    const { mode, confirmAboveWei } = settings.get();
    const usable = status.state !== 'error';
    return {
      prompt,
      localModel: {
        // A model still loading is waited for: automatic routing does not spend money to save a few seconds.
        loaded: usable,
        contextWindow: usable ? Math.floor((status.contextSize ?? assumedContext) * promptShareOfContext) : null,
      },
      signals: cheapSignals(text, 0),
      mode,
      overrides: { conversation: null, message: override },
      spend: {
        worstCaseWei: quote?.worstCaseWei ?? 0n,
        left: quote?.left ?? null,
        confirmAboveWei: confirmAboveWei === null ? null : BigInt(confirmAboveWei),
      },
      privacy: conversationId !== null && settings.isPrivate(conversationId) ? 'private' : 'normal',
      providers: { available: quote?.available ?? 0, recentFailures: quote?.recentFailures ?? 0, payable: quote?.payable ?? false },
      thresholds: personalThresholds(defaultRouteThresholds, settings.corrections()),
    };
  }

  /**
   * The cheap signals decide first; with the draft check on, a message the policy would place by its difficulty
   * alone, and which a provider may take, is drafted here and placed by the model's confidence instead.
   */
  async function decide(question: RouteQuestion, override: RouteOverride = null): Promise<RouteDecision> {
    const history = question.history ?? options.history(question.conversationId);
    const given = input(question, await promptSize(question.text, history), override);
    const cheap = decideRoute(given);
    const byDifficulty = cheap.code === 'easy-question' || cheap.code === 'hard-question';
    if (!settings.get().draftCheck || !byDifficulty) return cheap;
    if (decideRoute({ ...given, overrides: { ...given.overrides, message: 'provider' } }).target !== 'provider') return cheap;
    const key = RecentDrafts.keyOf(question.conversationId, history, question.text);
    const confidences = drafts.get(key) ?? await options.draft({ systemPrompt: options.systemPrompt, history, prompt: question.text, tokens: draftTokens })
      .catch(() => []);
    if (confidences.length > 0) drafts.set(key, confidences);
    if (confidences.length === 0) return cheap;
    return decideRoute({ ...given, draftConfidence: { lowQuantile: lowQuantile(confidences), tokens: confidences.length } });
  }

  return {
    decide,

    async preview(question: RouteQuestion, override: RouteOverride = null): Promise<RoutePreview> {
      const decision = await decide(question, override);
      const quote = options.quote();
      const disclosure = decision.target === 'provider' ? disclosurePreview(redactReply(await options.remoteRequest(question))) : null;
      return {
        route: asRoute(decision),
        confirm: decision.confirm,
        offerProvider: decision.offerProvider,
        worstCaseWei: (decision.target === 'provider' || decision.offerProvider) && quote ? quote.worstCaseWei.toString() : null,
        disclosure,
      };
    },

    /**
     * A reply written again elsewhere than its route sent it: a local reply redone by a provider says the
     * local one was not good enough for this kind of question, and the reverse; the thresholds move with it.
     */
    noteRewrite(previous: Route | null | undefined, to: 'local' | 'provider', question: string): void {
      if (!previous || previous.target === 'none' || previous.target === to) return;
      settings.addCorrection({ from: previous.target, to, difficulty: difficultyScore(cheapSignals(question, 0)), at: Date.now() });
    },
  };
}

export type RouteService = ReturnType<typeof createRouteService>;
