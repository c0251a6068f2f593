/**
 * The routing policy: where a reply is written (this computer, a paid
 * provider, or nowhere) and the line the person reads about why. A table
 * walks every input (modes and overrides, privacy, fit, the local model,
 * spend, providers, draft confidence, the question's signals); seeded
 * random inputs check the promises that hold whatever the mix; then the
 * difficulty signals and the thresholds a person's corrections teach.
 */
import { parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { decideRoute } from '../../src/router/policy/decide-route.ts';
import { cheapSignals, difficultyScore } from '../../src/router/policy/difficulty.ts';
import { defaultRouteThresholds, personalThresholds, thresholdBounds, type Correction } from '../../src/router/policy/personal-thresholds.ts';
import type { RouteCode, RouteDecision, RouteInput, RouteMode, RouteOverride } from '../../src/router/policy/route-types.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

const mor = (text: string) => parseEther(text);

const shortQuestion = 'What is the capital of France?';
const codeQuestion = 'Why does this fail?\n```ts\nconst total = items.reduce((sum, item) => sum + item.price);\n```';
const codeWithSteps = `${codeQuestion}\nFirst explain the bug, then fix it.`;
const mathWithSteps = 'Solve the equation 3x + 2 = 11.\n1. Isolate x\n2. Check the result';
const longText = `Here is my essay. ${'The committee met again to discuss the garden. '.repeat(50)}`;

const fitting = { promptTokens: 200, contextTokens: 800 };
const trimmed = { promptTokens: 1_200, contextTokens: 8_000 };
const tooLong = { promptTokens: 9_200, contextTokens: 0 };
const loaded = { loaded: true, contextWindow: 4_096 };
const notLoaded = { loaded: false, contextWindow: 4_096 };
const noModel = { loaded: false, contextWindow: null };

function input(change: Partial<RouteInput> & { text?: string; attachments?: number } = {}): RouteInput {
  const { text = shortQuestion, attachments = 0, ...rest } = change;
  return {
    prompt: fitting,
    localModel: loaded,
    signals: cheapSignals(text, attachments),
    mode: 'automatic',
    overrides: { conversation: null, message: null },
    spend: { worstCaseWei: mor('0.1'), left: null, confirmAboveWei: null },
    privacy: 'normal',
    providers: { available: 3, recentFailures: 0, payable: true },
    thresholds: defaultRouteThresholds,
    ...rest,
  };
}

const overrides = (conversation: RouteOverride, message: RouteOverride) => ({ overrides: { conversation, message } });
const mode = (value: RouteMode) => ({ mode: value });
const spend = (worstCase: string, left: { wei: string; limit: 'reply' | 'session' | 'day' } | null, confirmAbove: string | null = null) => ({
  spend: { worstCaseWei: mor(worstCase), left: left && { wei: mor(left.wei), limit: left.limit }, confirmAboveWei: confirmAbove === null ? null : mor(confirmAbove) },
});
const providers = (available: number, recentFailures: number, payable = true) => ({ providers: { available, recentFailures, payable } });
const draft = (lowQuantile: number, tokens = 16) => ({ draftConfidence: { lowQuantile, tokens } });

interface Row {
  when: string;
  given: RouteInput;
  target: RouteDecision['target'];
  code: RouteCode;
  confirm?: boolean;
  offer?: boolean;
  /** The cause, as the reason names it. */
  says: RegExp;
}

const rows: Row[] = [
  // modes and overrides
  { when: 'automatic mode, a short question', given: input(), target: 'local', code: 'easy-question', says: /a short question, and automatic mode keeps those here/ },
  { when: 'local-only mode', given: input(mode('local-only')), target: 'local', code: 'local-only-mode', says: /local-only mode keeps questions on this computer/ },
  { when: 'prefer-provider mode', given: input(mode('prefer-provider')), target: 'provider', code: 'prefer-provider-mode', says: /prefer providers/ },
  { when: 'a conversation set to local in automatic mode', given: input(overrides('local', null)), target: 'local', code: 'conversation-asks-local', says: /conversation is set to stay/ },
  { when: 'a conversation set to local in prefer-provider mode', given: input({ ...mode('prefer-provider'), ...overrides('local', null) }), target: 'local', code: 'conversation-asks-local', says: /conversation is set to stay/ },
  { when: 'a conversation set to providers in automatic mode', given: input(overrides('provider', null)), target: 'provider', code: 'conversation-asks-provider', says: /conversation is set to use providers/ },
  { when: 'a conversation set to providers in local-only mode', given: input({ ...mode('local-only'), ...overrides('provider', null) }), target: 'local', code: 'local-only-over-conversation', offer: false, says: /local-only mode is on, which a conversation's setting does not override/ },
  { when: 'a message asking for a provider in local-only mode', given: input({ ...mode('local-only'), ...overrides(null, 'provider') }), target: 'provider', code: 'message-asks-provider', says: /you asked for this message to go to a provider, past local-only mode/ },
  { when: 'a message asking for a provider in a conversation set to local', given: input(overrides('local', 'provider')), target: 'provider', code: 'message-asks-provider', says: /you asked for this message to go to a provider/ },
  { when: 'a message asking to stay in a conversation set to providers', given: input(overrides('provider', 'local')), target: 'local', code: 'message-asks-local', says: /you asked for this message to stay/ },
  { when: 'a message asking to stay in prefer-provider mode', given: input({ ...mode('prefer-provider'), ...overrides(null, 'local') }), target: 'local', code: 'message-asks-local', says: /you asked for this message to stay/ },
  // privacy
  { when: 'a private conversation in prefer-provider mode', given: input({ ...mode('prefer-provider'), privacy: 'private' }), target: 'local', code: 'private-conversation', says: /^Kept here: this conversation is private, so it never leaves this computer\.$/ },
  { when: 'a private conversation whose message asks for a provider', given: input({ ...overrides(null, 'provider'), privacy: 'private' }), target: 'local', code: 'private-conversation', says: /private.*even when a message asks/ },
  { when: 'a private conversation too long for the model', given: input({ prompt: trimmed, privacy: 'private' }), target: 'local', code: 'private-conversation', offer: false, says: /private.*earlier parts of the conversation are left out to fit this computer's model \(4,096 tokens\)/ },
  { when: 'a private conversation on a computer with no model', given: input({ localModel: noModel, privacy: 'private' }), target: 'none', code: 'private-conversation', offer: false, says: /^Nothing can answer: this computer has no model, and this conversation is private.*download a model on the Models page\.$/ },
  // fitting this computer's model
  { when: 'automatic mode, the context does not all fit', given: input({ prompt: trimmed }), target: 'provider', code: 'prompt-too-long-for-local', says: /the prompt \(9,200 tokens\) does not fit this computer's model \(4,096\)/ },
  { when: 'automatic mode, the message itself does not fit', given: input({ prompt: tooLong }), target: 'provider', code: 'prompt-too-long-for-local', says: /9,200 tokens.*4,096/ },
  { when: 'local-only mode, the context does not all fit', given: input({ ...mode('local-only'), prompt: trimmed }), target: 'local', code: 'local-only-mode', offer: false, says: /local-only mode.*earlier parts of the conversation are left out/ },
  { when: 'local-only mode, the message itself does not fit', given: input({ ...mode('local-only'), prompt: tooLong }), target: 'none', code: 'local-only-mode', offer: false, says: /the message \(9,200 tokens\) is longer than this computer's model can read \(4,096\).*shorten it\.$/ },
  { when: 'a message asking to stay that does not fit', given: input({ ...overrides(null, 'local'), prompt: tooLong }), target: 'none', code: 'message-asks-local', offer: true, says: /longer than this computer's model can read.*you asked for this message to stay/ },
  { when: 'the context does not all fit and no provider offers the model', given: input({ prompt: trimmed, ...providers(0, 0) }), target: 'local', code: 'no-provider-available', offer: false, says: /no provider offers this model.*left out/ },
  // the local model
  { when: 'automatic mode, no model on this computer', given: input({ localModel: noModel }), target: 'provider', code: 'no-local-model', says: /this computer has no model to answer with/ },
  { when: 'automatic mode, the model not loaded', given: input({ localModel: notLoaded }), target: 'provider', code: 'local-model-not-loaded', says: /model is not loaded/ },
  { when: 'local-only mode, the model not loaded', given: input({ ...mode('local-only'), localModel: notLoaded }), target: 'local', code: 'local-only-mode', offer: false, says: /local-only mode.*the model loads first/ },
  { when: 'local-only mode, no model on this computer', given: input({ ...mode('local-only'), localModel: noModel }), target: 'none', code: 'local-only-mode', offer: false, says: /this computer has no model.*download a model on the Models page\.$/ },
  { when: 'no model and no provider', given: input({ localModel: noModel, ...providers(0, 0) }), target: 'none', code: 'no-provider-available', offer: false, says: /no model, and no provider offers this model right now; download a model/ },
  // spend
  { when: 'a worst case above what is left of the day limit', given: input({ ...mode('prefer-provider'), ...spend('0.54', { wei: '0.3', limit: 'day' }) }), target: 'local', code: 'spend-limit', says: /could cost up to 0\.54 MOR, more than the 0\.3 MOR left of your limit for today/ },
  { when: 'a worst case above the per-reply limit', given: input({ ...mode('prefer-provider'), ...spend('0.54', { wei: '0.5', limit: 'reply' }) }), target: 'local', code: 'spend-limit', says: /0\.5 MOR left of your limit per reply/ },
  { when: 'a worst case above what is left of the session limit', given: input({ ...mode('prefer-provider'), ...spend('0.54', { wei: '0.1', limit: 'session' }) }), target: 'local', code: 'spend-limit', says: /limit for this session/ },
  { when: 'a worst case exactly what is left', given: input({ ...mode('prefer-provider'), ...spend('0.5', { wei: '0.5', limit: 'day' }) }), target: 'provider', code: 'prefer-provider-mode', says: /prefer providers/ },
  { when: 'a message asking for a provider past the spend limit', given: input({ ...overrides(null, 'provider'), ...spend('2', { wei: '1', limit: 'day' }) }), target: 'local', code: 'spend-limit', offer: false, says: /could cost up to 2 MOR/ },
  { when: 'no model and a worst case over the limit', given: input({ localModel: noModel, ...spend('2', { wei: '1', limit: 'day' }) }), target: 'none', code: 'spend-limit', offer: false, says: /^Nothing can answer: this computer has no model, and a provider's reply could cost up to 2 MOR/ },
  { when: 'a worst case above the amount to confirm', given: input({ ...mode('prefer-provider'), ...spend('0.2', null, '0.1') }), target: 'provider', code: 'prefer-provider-mode', confirm: true, says: /prefer providers/ },
  { when: 'a worst case equal to the amount to confirm', given: input({ ...mode('prefer-provider'), ...spend('0.1', null, '0.1') }), target: 'provider', code: 'prefer-provider-mode', confirm: false, says: /prefer providers/ },
  { when: 'an amount to confirm on a reply kept here', given: input({ ...spend('0.2', null, '0.1') }), target: 'local', code: 'easy-question', confirm: false, says: /short question/ },
  // providers
  { when: 'prefer-provider mode and no wallet to pay a provider', given: input({ ...mode('prefer-provider'), ...providers(3, 0, false) }), target: 'local', code: 'no-wallet', offer: false, says: /^Kept here: no wallet is connected to pay a provider \(connect one on the Wallet page\)\.$/ },
  { when: 'prefer-provider mode and no provider', given: input({ ...mode('prefer-provider'), ...providers(0, 0) }), target: 'local', code: 'no-provider-available', offer: false, says: /^Kept here: no provider offers this model right now\.$/ },
  { when: 'providers failing', given: input({ ...mode('prefer-provider'), ...providers(3, 3) }), target: 'local', code: 'providers-failing', offer: true, says: /providers failed 3 times in the last few minutes/ },
  { when: 'providers failing a little', given: input({ ...mode('prefer-provider'), ...providers(3, 2) }), target: 'provider', code: 'prefer-provider-mode', says: /prefer providers/ },
  { when: 'a message asking for a provider while providers fail', given: input({ ...overrides(null, 'provider'), ...providers(3, 5) }), target: 'provider', code: 'message-asks-provider', says: /you asked for this message/ },
  { when: 'the context does not all fit while providers fail', given: input({ prompt: trimmed, ...providers(3, 4) }), target: 'local', code: 'providers-failing', offer: true, says: /failed 4 times.*left out/ },
  // draft confidence
  { when: 'a hard question with a confident draft', given: input({ text: codeWithSteps, ...draft(0.62) }), target: 'local', code: 'confident-draft', says: /sure of its answer \(its draft scored 0\.62, at least 0\.20\)/ },
  { when: 'a short question with an unsure draft', given: input(draft(0.05)), target: 'provider', code: 'low-draft-confidence', says: /unsure of its answer \(its draft scored 0\.05, below 0\.20\)/ },
  { when: 'a draft exactly at the threshold', given: input(draft(0.2)), target: 'local', code: 'confident-draft', says: /scored 0\.20, at least 0\.20/ },
  { when: 'a draft of no tokens', given: input(draft(0, 0)), target: 'local', code: 'easy-question', says: /short question/ },
  { when: 'local-only mode, this computer chosen for the message', given: input({ ...mode('local-only'), ...overrides(null, 'local') }), target: 'local', code: 'message-asks-local', offer: false, says: /^Answered here: local-only mode keeps questions on this computer\.$/ },
  { when: 'an unsure draft in local-only mode', given: input({ ...mode('local-only'), ...draft(0.05) }), target: 'local', code: 'local-only-mode', offer: false, says: /local-only mode/ },
  // the question's own signals
  { when: 'code with steps', given: input({ text: codeWithSteps }), target: 'provider', code: 'hard-question', says: /a hard question \(code, 2 steps\), and automatic mode sends those out/ },
  { when: 'math with steps', given: input({ text: mathWithSteps }), target: 'provider', code: 'hard-question', says: /a hard question \(math, 2 steps\)/ },
  { when: 'code alone', given: input({ text: codeQuestion }), target: 'local', code: 'easy-question', says: /a short question/ },
  { when: 'code alone, for a person whose threshold is lower', given: input({ text: codeQuestion, thresholds: { difficulty: 0.3, confidence: 0.2 } }), target: 'provider', code: 'hard-question', says: /a hard question \(code\)/ },
  { when: 'a long text', given: input({ text: longText }), target: 'local', code: 'easy-question', says: /a simple question/ },
  { when: 'a long text with two attachments', given: input({ text: longText, attachments: 2 }), target: 'provider', code: 'hard-question', says: /a hard question \(404 words, 2 attachments\)/ },
  { when: 'code with an attachment', given: input({ text: codeQuestion, attachments: 1 }), target: 'provider', code: 'hard-question', says: /\(code, an attachment\)/ },
];

const leadFor: Record<RouteDecision['target'], RegExp> = {
  provider: /^Sent to a provider: /,
  local: /^(Answered here|Kept here): /,
  none: /^Nothing can answer: /,
};

describe('where a reply is written', () => {
  it.each(rows)('$when: $target ($code)', ({ given, target, code, confirm = false, offer = false, says }) => {
    const decision = decideRoute(given);
    expect(decision).toMatchObject({ target, code, confirm, offerProvider: offer });
    expect(decision.reason).toMatch(leadFor[target]);
    expect(decision.reason).toMatch(/^[^\n]+\.$/);
    expect(decision.reason).toMatch(says);
  });
});

describe('promises that hold for any mix of inputs', () => {
  const pick = <T>(random: () => number, values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const texts = [shortQuestion, codeQuestion, codeWithSteps, mathWithSteps, longText];

  function randomInput(random: () => number): RouteInput {
    const window = pick(random, [null, 2_048, 8_192]);
    return input({
      text: pick(random, texts),
      attachments: pick(random, [0, 0, 1, 3]),
      prompt: { promptTokens: Math.floor(random() * 10_000), contextTokens: Math.floor(random() * 10_000) },
      localModel: { loaded: random() < 0.7, contextWindow: window },
      ...(random() < 0.4 ? draft(random(), pick(random, [0, 8, 32])) : {}),
      mode: pick(random, ['local-only', 'automatic', 'prefer-provider'] as const),
      ...overrides(pick(random, [null, 'local', 'provider'] as const), pick(random, [null, null, 'local', 'provider'] as const)),
      ...spend(pick(random, ['0.1', '0.5', '2']), pick(random, [null, { wei: '0.3', limit: 'day' as const }, { wei: '1', limit: 'reply' as const }]), pick(random, [null, '0.2', '1'])),
      privacy: pick(random, ['private', 'normal'] as const),
      ...providers(pick(random, [0, 1, 5]), pick(random, [0, 1, 3, 8])),
      thresholds: { difficulty: random(), confidence: random() * 0.5 },
    });
  }

  it('never sends out what is private, unaffordable or unserved, and always says why in one line', () => {
    const random = seededRandom(13);
    for (let round = 0; round < 5_000; round++) {
      const given = randomInput(random);
      const decision = decideRoute(given);
      const { spend: money, localModel, prompt, overrides: asked } = given;
      if (decision.target === 'provider') {
        expect(given.privacy).not.toBe('private');
        expect(given.providers.available).toBeGreaterThan(0);
        expect(money.left === null || money.left.wei >= money.worstCaseWei).toBe(true);
        expect(asked.message).not.toBe('local');
        expect(decision.offerProvider).toBe(false);
      }
      expect(decision.confirm).toBe(decision.target === 'provider' && money.confirmAboveWei !== null && money.worstCaseWei > money.confirmAboveWei);
      expect(decision.target === 'none').toBe(
        decision.target !== 'provider' && (localModel.contextWindow === null || prompt.promptTokens > localModel.contextWindow),
      );
      if (asked.message === 'provider' && given.privacy !== 'private' && given.providers.available > 0
        && (money.left === null || money.left.wei >= money.worstCaseWei)) expect(decision.target).toBe('provider');
      if (given.privacy === 'private') expect(decision.offerProvider).toBe(false);
      expect(decision.reason).toMatch(leadFor[decision.target]);
      expect(decision.reason).toMatch(/^[^\n]+\.$/);
    }
  });
});

describe('how hard a question looks', () => {
  it('counts characters and words, whatever the spacing', () => {
    expect(cheapSignals('  two\t words\n', 0)).toMatchObject({ chars: 13, words: 2 });
    expect(cheapSignals('', 0)).toMatchObject({ chars: 0, words: 0 });
  });

  it.each([
    ['a fenced block', true, '```\nls -la\n```'],
    ['inline code', true, 'What does `git rebase -i` do?'],
    ['a Python definition', true, 'def total(items):\n    return sum(items)'],
    ['a line ending in a semicolon', true, 'let x = 5;'],
    ['a method call', true, 'Why is console.log(value) empty?'],
    ['prose using code words', false, 'Please return the class notes I lent you, then import the photos.'],
  ])('%s: code seen %s', (_, hasCode, text) => {
    expect(cheapSignals(text, 0).hasCode).toBe(hasCode);
  });

  it.each([
    ['arithmetic', true, 'What is 12 * 7?'],
    ['symbols', true, 'Is ∫ x dx the same as x²/2?'],
    ['LaTeX', true, 'Simplify \\frac{a}{b}'],
    ['a power', true, 'Expand x^2 times y'],
    ['words', true, 'Prove the theorem for every matrix'],
    ['a date', false, 'Meet me on 2024-05-01 at the station'],
    ['a page range', false, 'Read pages 3-5 tonight'],
  ])('%s: math seen %s', (_, hasMath, text) => {
    expect(cheapSignals(text, 0).hasMath).toBe(hasMath);
  });

  it('counts numbered, bulleted and ordered steps', () => {
    expect(cheapSignals('1. Open the file\n2) Read it\n- Close it\n• Done', 0).stepCount).toBe(4);
    expect(cheapSignals('First wash the rice, then boil it, and finally let it rest.', 0).stepCount).toBe(3);
    expect(cheapSignals('A question about the weather.', 0).stepCount).toBe(0);
  });

  it('keeps the attachments it is given', () => {
    expect(cheapSignals('see attached', 3).attachments).toBe(3);
  });

  it('scores from 0 for nothing to near 1 for everything, and never outside', () => {
    const nothing = cheapSignals('', 0);
    const everything = { chars: 9_000, words: 1_500, hasCode: true, hasMath: true, stepCount: 12, attachments: 9 };
    expect(difficultyScore(nothing)).toBe(0);
    expect(difficultyScore(everything)).toBeGreaterThan(0.95);
    expect(difficultyScore(everything)).toBeLessThanOrEqual(1);
    expect(difficultyScore({ ...nothing, words: -5, stepCount: -1, attachments: -2 })).toBe(0);
  });

  it('rises with each signal added', () => {
    const plain = cheapSignals(shortQuestion, 0);
    const scores = [
      plain,
      { ...plain, hasCode: true },
      { ...plain, hasCode: true, hasMath: true },
      { ...plain, hasCode: true, hasMath: true, stepCount: 3 },
      { ...plain, hasCode: true, hasMath: true, stepCount: 3, attachments: 1 },
      { ...plain, hasCode: true, hasMath: true, stepCount: 3, attachments: 1, words: 250 },
    ].map(difficultyScore);
    for (let index = 1; index < scores.length; index++) expect(scores[index]).toBeGreaterThan(scores[index - 1]!);
  });

  it('keeps a short plain question and code alone under the default threshold, and code with steps over it', () => {
    expect(difficultyScore(cheapSignals(shortQuestion, 0))).toBeLessThan(0.05);
    expect(difficultyScore(cheapSignals(codeQuestion, 0))).toBeLessThan(defaultRouteThresholds.difficulty);
    expect(difficultyScore(cheapSignals(codeWithSteps, 0))).toBeGreaterThanOrEqual(defaultRouteThresholds.difficulty);
  });
});

describe('thresholds a person teaches by regenerating replies', () => {
  const day = 24 * 60 * 60 * 1000;
  const now = Date.UTC(2026, 11, 1);
  const outAt = (difficulty: number, at = now, draftConfidence?: number): Correction =>
    ({ from: 'local', to: 'provider', difficulty, at, ...(draftConfidence === undefined ? {} : { draftConfidence }) });
  const backAt = (difficulty: number, at = now, draftConfidence?: number): Correction =>
    ({ from: 'provider', to: 'local', difficulty, at, ...(draftConfidence === undefined ? {} : { draftConfidence }) });

  it('starts at the defaults', () => {
    expect(personalThresholds(defaultRouteThresholds, [])).toEqual(defaultRouteThresholds);
  });

  it('lowers the difficulty bar after a local reply was redone on a provider, and raises it after the reverse', () => {
    expect(personalThresholds(defaultRouteThresholds, [outAt(0.4)]).difficulty).toBeLessThan(0.5);
    expect(personalThresholds(defaultRouteThresholds, [backAt(0.6)]).difficulty).toBeGreaterThan(0.5);
  });

  it('moves the confidence bar past the draft the person corrected', () => {
    expect(personalThresholds(defaultRouteThresholds, [outAt(0.4, now, 0.3)]).confidence).toBeGreaterThan(0.2);
    expect(personalThresholds(defaultRouteThresholds, [backAt(0.6, now, 0.1)]).confidence).toBeLessThan(0.2);
    expect(personalThresholds(defaultRouteThresholds, [outAt(0.4)]).confidence).toBe(0.2);
  });

  it('sends similar questions out once the person has corrected a few', () => {
    const question = input({ text: codeQuestion });
    const score = difficultyScore(question.signals);
    expect(decideRoute(question).target).toBe('local');
    const taught = personalThresholds(defaultRouteThresholds, [outAt(score, now - 2 * day), outAt(score, now - day), outAt(score + 0.02, now)]);
    expect(decideRoute({ ...question, thresholds: taught })).toMatchObject({ target: 'provider', code: 'hard-question' });
  });

  it('learns nothing from a correction the default already honours, or from a reply redone where it was', () => {
    const honoured = [outAt(0.8), backAt(0.2), { ...outAt(0.3), to: 'local' as const }];
    expect(personalThresholds(defaultRouteThresholds, honoured)).toEqual(defaultRouteThresholds);
  });

  it('stays within bounds however many corrections push one way', () => {
    const down = Array.from({ length: 1_000 }, (_, index) => outAt(0, now - index, 1));
    const up = Array.from({ length: 1_000 }, (_, index) => backAt(1, now - index, 0));
    expect(personalThresholds(defaultRouteThresholds, down)).toEqual({ difficulty: thresholdBounds.difficulty.min, confidence: thresholdBounds.confidence.max });
    expect(personalThresholds(defaultRouteThresholds, up)).toEqual({ difficulty: thresholdBounds.difficulty.max, confidence: thresholdBounds.confidence.min });
  });

  it('lets the newer of two opposite corrections win', () => {
    const newerOut = personalThresholds(defaultRouteThresholds, [backAt(0.6, now - 30 * day), outAt(0.4, now)]);
    const newerBack = personalThresholds(defaultRouteThresholds, [outAt(0.4, now - 30 * day), backAt(0.6, now)]);
    expect(newerOut.difficulty).toBeLessThan(0.5);
    expect(newerBack.difficulty).toBeGreaterThan(0.5);
  });

  it('gives the same thresholds whatever order the corrections come in', () => {
    const corrections = [outAt(0.3, now - 3 * day, 0.25), backAt(0.7, now - day), outAt(0.45, now), backAt(0.55, now - 10 * day, 0.05)];
    const reversed = [...corrections].reverse();
    expect(personalThresholds(defaultRouteThresholds, reversed)).toEqual(personalThresholds(defaultRouteThresholds, corrections));
  });
});
