/**
 * The one line a person reads under a reply about where it was written:
 * what was decided, then the cause in plain words with its numbers
 * (tokens, MOR, scores), and for a reply nobody can write, what to do.
 */
import { formatEther } from 'viem';
import { hardSignalWords } from './difficulty.ts';
import type { LocalRouteCode, ProviderBlockCode, ProviderRouteCode, RouteInput, SpendLimitName } from './route-types.ts';

/** How much of the prompt this computer's model can read: all of it, all but some earlier context, not the message itself, or there is no model. */
export type LocalCapacity = 'fits' | 'trimmed' | 'too-long' | 'absent';

const tokenCount = new Intl.NumberFormat('en-US');
const count = (value: number) => tokenCount.format(value);
const mor = (wei: bigint) => `${formatEther(wei)} MOR`;
const score = (value: number) => value.toFixed(2);

const limitWords: Record<SpendLimitName, string> = { reply: 'per reply', session: 'for this session', day: 'for today' };

/** Words up to which a plain question reads as short. */
const shortQuestionWords = 40;

function providerCause(input: RouteInput, code: ProviderRouteCode): string {
  const { prompt, localModel, thresholds } = input;
  switch (code) {
    case 'message-asks-provider':
      return input.mode === 'local-only'
        ? 'you asked for this message to go to a provider, past local-only mode'
        : 'you asked for this message to go to a provider';
    case 'conversation-asks-provider': return 'this conversation is set to use providers';
    case 'prefer-provider-mode': return 'your settings prefer providers';
    case 'prompt-too-long-for-local':
      return `the prompt (${count(prompt.promptTokens + prompt.contextTokens)} tokens) does not fit this computer's model (${count(localModel.contextWindow ?? 0)})`;
    case 'no-local-model': return 'this computer has no model to answer with';
    case 'local-model-not-loaded': return `this computer's model is not loaded, and automatic mode does not wait for it`;
    case 'hard-question': {
      const signals = hardSignalWords(input.signals);
      return signals.length > 0
        ? `a hard question (${signals.join(', ')}), and automatic mode sends those out`
        : 'a question above your difficulty threshold, and automatic mode sends those out';
    }
    case 'low-draft-confidence':
      return `this computer's model was unsure of its answer (its draft scored ${score(input.draftConfidence?.lowQuantile ?? 0)}, below ${score(thresholds.confidence)})`;
  }
}

function stayCause(input: RouteInput, code: LocalRouteCode | ProviderBlockCode): string {
  const { spend, thresholds } = input;
  switch (code) {
    case 'message-asks-local':
      return input.mode === 'local-only' ? 'local-only mode keeps questions on this computer' : 'you asked for this message to stay on this computer';
    case 'conversation-asks-local': return 'this conversation is set to stay on this computer';
    case 'local-only-mode': return 'local-only mode keeps questions on this computer';
    case 'local-only-over-conversation':
      return `local-only mode is on, which a conversation's setting does not override (ask for a provider on the message to send it out)`;
    case 'easy-question':
      return `a ${input.signals.words <= shortQuestionWords ? 'short' : 'simple'} question, and automatic mode keeps those here`;
    case 'confident-draft':
      return `this computer's model is sure of its answer (its draft scored ${score(input.draftConfidence?.lowQuantile ?? 0)}, at least ${score(thresholds.confidence)})`;
    case 'private-conversation':
      return `this conversation is private, so it never leaves this computer${input.overrides.message === 'provider' ? ', even when a message asks' : ''}`;
    case 'no-provider-available': return 'no provider offers this model right now';
    case 'no-wallet': return 'no wallet is connected to pay a provider (connect one on the Wallet page)';
    case 'providers-failing': return `providers failed ${count(input.providers.recentFailures)} times in the last few minutes`;
    case 'spend-limit':
      return `a provider's reply could cost up to ${mor(spend.worstCaseWei)}, more than the ${mor(spend.left?.wei ?? 0n)} left of your limit ${limitWords[spend.left?.limit ?? 'reply']}`;
  }
}

export function sentOutReason(input: RouteInput, code: ProviderRouteCode): string {
  return `Sent to a provider: ${providerCause(input, code)}.`;
}

const isBlock = (code: LocalRouteCode | ProviderBlockCode): code is ProviderBlockCode =>
  code === 'private-conversation' || code === 'no-provider-available' || code === 'no-wallet' || code === 'providers-failing' || code === 'spend-limit';

/** Written here, or by no one when this computer cannot read the message. */
export function keptHereReason(input: RouteInput, capacity: LocalCapacity, code: LocalRouteCode | ProviderBlockCode, offerProvider: boolean): string {
  const cause = stayCause(input, code);
  const window = count(input.localModel.contextWindow ?? 0);
  if (capacity === 'absent' || capacity === 'too-long') {
    const here = capacity === 'absent'
      ? 'this computer has no model'
      : `the message (${count(input.prompt.promptTokens)} tokens) is longer than this computer's model can read (${window})`;
    const todo = capacity === 'absent' ? 'download a model on the Models page' : 'shorten it';
    return `Nothing can answer: ${here}, and ${cause}; ${todo}${offerProvider ? ', or send it to a provider' : ''}.`;
  }
  const trimmed = capacity === 'trimmed' ? `; earlier parts of the conversation are left out to fit this computer's model (${window} tokens)` : '';
  const loading = input.localModel.loaded ? '' : '; the model loads first';
  return `${isBlock(code) ? 'Kept here' : 'Answered here'}: ${cause}${trimmed}${loading}.`;
}
