/**
 * The routing policy: a pure function of what it is given (no I/O, no
 * clock), deciding where a reply is written and saying why in one line.
 *
 * The rules, in order:
 * 1. Who asks: the message's override, then the conversation's, then the
 *    mode. A conversation set to providers does not lift local-only mode
 *    (its reason says so); only a message asking for a provider does, as an
 *    explicit act of the person.
 * 2. Automatic mode sends out when this computer cannot answer in full (no
 *    model, the prompt not fitting its window, the model not loaded), else
 *    by the local draft's confidence when there is one, else by the
 *    difficulty score, each against the person's threshold.
 * 3. A provider that is wanted is refused, in this order: the conversation
 *    is private (nothing overrides that); no provider offers the model; no
 *    wallet is connected to pay one; the
 *    spend limit left is below the reply's worst case; providers failed
 *    `failingProviders` times recently (a message asking explicitly still
 *    goes: failover covers it).
 * 4. Otherwise the reply is written here when the model can read the
 *    prompt (earlier context shortened when it does not all fit; a model
 *    not loaded loads first), else by no one.
 * 5. A provider reply waits for the person's confirmation when its worst
 *    case is above their confirmation amount.
 * 6. Kept here while a provider could help (this computer cannot answer in
 *    full, or providers were only failing) and one would be allowed: a
 *    provider is offered, never used silently; never in local-only mode,
 *    where no provider is shown at all.
 */
import { difficultyScore } from './difficulty.ts';
import { keptHereReason, sentOutReason, type LocalCapacity } from './reasons.ts';
import type { LocalRouteCode, ProviderBlockCode, ProviderRouteCode, RouteDecision, RouteInput } from './route-types.ts';

/** Provider failures in the last few minutes from which automatic routes stop sending out. */
export const failingProviders = 3;

type Wish = { target: 'provider'; code: ProviderRouteCode } | { target: 'local'; code: LocalRouteCode };

const provider = (code: ProviderRouteCode): Wish => ({ target: 'provider', code });
const local = (code: LocalRouteCode): Wish => ({ target: 'local', code });

function localCapacity({ prompt, localModel }: RouteInput): LocalCapacity {
  const window = localModel.contextWindow;
  if (window === null) return 'absent';
  if (prompt.promptTokens > window) return 'too-long';
  return prompt.promptTokens + prompt.contextTokens > window ? 'trimmed' : 'fits';
}

function automaticWish(input: RouteInput, capacity: LocalCapacity): Wish {
  if (capacity === 'absent') return provider('no-local-model');
  if (capacity !== 'fits') return provider('prompt-too-long-for-local');
  if (!input.localModel.loaded) return provider('local-model-not-loaded');
  const draft = input.draftConfidence;
  if (draft !== undefined && draft.tokens > 0) {
    return draft.lowQuantile < input.thresholds.confidence ? provider('low-draft-confidence') : local('confident-draft');
  }
  return difficultyScore(input.signals) >= input.thresholds.difficulty ? provider('hard-question') : local('easy-question');
}

function wish(input: RouteInput, capacity: LocalCapacity): Wish {
  const { message, conversation } = input.overrides;
  if (message === 'local') return local('message-asks-local');
  if (message === 'provider') return provider('message-asks-provider');
  if (conversation === 'local') return local('conversation-asks-local');
  if (conversation === 'provider') return input.mode === 'local-only' ? local('local-only-over-conversation') : provider('conversation-asks-provider');
  if (input.mode === 'local-only') return local('local-only-mode');
  if (input.mode === 'prefer-provider') return provider('prefer-provider-mode');
  return automaticWish(input, capacity);
}

/** Why a provider may not write this reply; null when it may. */
function providerBlock(input: RouteInput, explicit: boolean): ProviderBlockCode | null {
  if (input.privacy === 'private') return 'private-conversation';
  if (input.providers.available <= 0) return 'no-provider-available';
  if (!input.providers.payable) return 'no-wallet';
  const left = input.spend.left;
  if (left !== null && left.wei < input.spend.worstCaseWei) return 'spend-limit';
  if (!explicit && input.providers.recentFailures >= failingProviders) return 'providers-failing';
  return null;
}

function keptHere(input: RouteInput, capacity: LocalCapacity, code: LocalRouteCode | ProviderBlockCode): RouteDecision {
  const couldHelp = capacity !== 'fits' || code === 'providers-failing';
  const offerProvider = couldHelp && input.mode !== 'local-only' && providerBlock(input, true) === null;
  const target = capacity === 'absent' || capacity === 'too-long' ? 'none' : 'local';
  return { target, confirm: false, reason: keptHereReason(input, capacity, code, offerProvider), code, offerProvider };
}

export function decideRoute(input: RouteInput): RouteDecision {
  const capacity = localCapacity(input);
  const wanted = wish(input, capacity);
  if (wanted.target === 'local') return keptHere(input, capacity, wanted.code);
  const block = providerBlock(input, wanted.code === 'message-asks-provider');
  if (block !== null) return keptHere(input, capacity, block);
  const { worstCaseWei, confirmAboveWei } = input.spend;
  return {
    target: 'provider',
    confirm: confirmAboveWei !== null && worstCaseWei > confirmAboveWei,
    reason: sentOutReason(input, wanted.code),
    code: wanted.code,
    offerProvider: false,
  };
}
