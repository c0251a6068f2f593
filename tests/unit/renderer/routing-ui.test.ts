/**
 * Where a question runs, as the window shows it: the preview before a
 * message leaves (why, the worst case, what was redacted, the exact text),
 * the line under a reply, writing a reply again elsewhere, the sent text in
 * a provider reply's panel, and the Wallet page's routing settings.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { HearthApi, Message, RemoteReply, RoutePreview } from '../../../src/api/index.ts';
import { MessageView } from '../../../renderer/src/chat/MessageView.tsx';
import { RemoteReplyPanel } from '../../../renderer/src/chat/RemoteReplyPanel.tsx';
import { readableRequest, redactionSentence } from '../../../renderer/src/routing/disclosure-words.ts';
import { rewriteOffer } from '../../../renderer/src/routing/rewrite-offer.ts';
import { RoutePreviewDialog } from '../../../renderer/src/routing/RoutePreviewDialog.tsx';
import { thresholdFromText, thresholdText } from '../../../renderer/src/wallet-page/routing-threshold.ts';
import { RoutingSection } from '../../../renderer/src/wallet-page/RoutingSection.tsx';
import { hex } from './market-fixtures.ts';

const sentText = JSON.stringify({ messages: [{ role: 'user', content: 'Write to [EMAIL_1] about card [CARD_1]' }], stream: true });
const preview: RoutePreview = {
  route: { target: 'provider', code: 'prompt-too-long-for-local', reason: "Sent to a provider: the prompt (812 tokens) does not fit this computer's model (384)." },
  confirm: false,
  offerProvider: false,
  worstCaseWei: '540000000000000000',
  disclosure: { text: sentText, redacted: { email: 1, card: 1 } },
};

const reply = (overrides: Partial<Message> = {}): Message => ({
  id: 'a1', conversationId: 'c1', role: 'assistant', content: 'Once upon a time.', status: 'complete', model: 'stories260K', stats: null, error: null, createdAt: 1, ...overrides,
});

const remote: RemoteReply = {
  provider: { address: hex('c', 20), endpoint: '127.0.0.1:3333' },
  model: { id: hex('a', 32), name: 'stories260K' },
  bid: { id: hex('b', 32), pricePerSecondWei: '300000000000000' },
  sessionId: hex('5', 32), transactions: [], costWei: '3300000000000000', seconds: 11, inputTokens: 42, outputTokens: 300, ttftMs: 500, tokensPerSecond: 28,
  sent: { bytes: sentText.length, sha256: 'f'.repeat(64), text: sentText, redacted: { email: 2, card: 1 } },
};

const renderMessage = (message: Message, rewrite: 'provider' | 'local' | null = null) =>
  renderToStaticMarkup(createElement(MessageView, { message, text: message.content, canRegenerate: true, onRegenerate: () => {}, highlighted: false, modelStatus: null, rewrite, onRewrite: () => {} }));

describe('what was redacted, in words', () => {
  it('counts each kind, in one order, and says the values come back only on this computer', () => {
    expect(redactionSentence({ card: 1, email: 2 })).toBe('2 e-mail addresses, 1 card number replaced by placeholders; they are put back in the reply on this computer.');
    expect(redactionSentence({ 'private-key': 1 })).toBe('1 private key replaced by a placeholder; it is put back in the reply on this computer.');
    expect(redactionSentence({ 'new-kind': 3 })).toContain('3 new-kind values');
  });

  it('says so when nothing was replaced', () => {
    expect(redactionSentence({})).toBe('Nothing in it looked personal or secret, so nothing was replaced.');
    expect(redactionSentence({ email: 0 })).toBe('Nothing in it looked personal or secret, so nothing was replaced.');
  });

  it('lays the request out to be read, and leaves a text that is not JSON as it is', () => {
    expect(readableRequest('{"a":[1]}')).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(readableRequest('not json {')).toBe('not json {');
  });
});

describe('the preview before a message goes to a provider', () => {
  const html = renderToStaticMarkup(createElement(RoutePreviewDialog, { preview, onChoose: () => {} }));

  it('gives the reason, the worst case in MOR, what was redacted and exactly the text that leaves', () => {
    expect(html).toContain('does not fit this computer&#x27;s model (384)');
    expect(html).toContain('0.54 MOR');
    expect(html).toContain('1 e-mail address, 1 card number replaced by placeholders');
    expect(html).toContain('Write to [EMAIL_1] about card [CARD_1]');
    expect(html).toMatch(/<pre[^>]*data-testid="route-preview-text"/);
  });

  it('offers sending to the provider, answering here instead, and sending nothing', () => {
    for (const label of ['Send to provider', 'Answer here instead', 'Cancel']) expect(html).toContain(`>${label}</button>`);
  });

  it('says when the cost is above the amount the person asked to confirm', () => {
    const asked = renderToStaticMarkup(createElement(RoutePreviewDialog, { preview: { ...preview, confirm: true }, onChoose: () => {} }));
    expect(asked).toContain('more than the amount above which you asked to be asked');
    expect(html).not.toContain('more than the amount');
  });
});

describe('under a reply', () => {
  it('says where it was written and why, also while it is written', () => {
    const route = { target: 'local', code: 'easy-question', reason: 'Answered here: a short question, and automatic mode keeps those here.' } as const;
    expect(renderMessage(reply({ route }))).toContain('Answered here: a short question, and automatic mode keeps those here.');
    expect(renderMessage(reply({ route, status: 'streaming' }))).toContain('Answered here: a short question');
    expect(renderMessage(reply())).not.toContain('data-testid="message-route"');
  });

  it('offers writing the latest reply again on a provider when it was written here, and here when a provider wrote it', () => {
    expect(rewriteOffer(reply(), true)).toBe('provider');
    expect(rewriteOffer(reply(), false)).toBeNull();
    expect(rewriteOffer(reply({ remote }), false)).toBe('local');
    expect(rewriteOffer(reply({ status: 'streaming' }), true)).toBeNull();
    expect(rewriteOffer(reply({ role: 'user' }), true)).toBeNull();
    expect(renderMessage(reply(), 'provider')).toContain('Write again on a provider');
    expect(renderMessage(reply({ remote }), 'local')).toContain('Write again here');
    expect(renderMessage(reply(), null)).not.toContain('Write again');
  });
});

describe('a provider reply’s panel', () => {
  it('shows what was redacted and, folded, exactly the text that was sent', () => {
    const html = renderToStaticMarkup(createElement(RemoteReplyPanel, { id: 'panel', remote }));
    expect(html).toContain('2 e-mail addresses, 1 card number replaced by placeholders');
    expect(html).toMatch(/<details[^>]*><summary>Show the text that was sent<\/summary><pre[^>]*>[^<]*Write to \[EMAIL_1\]/);
  });

  it('shows neither for a reply written before redaction', () => {
    const html = renderToStaticMarkup(createElement(RemoteReplyPanel, { id: 'panel', remote: { ...remote, sent: { bytes: 10, sha256: 'f'.repeat(64) } } }));
    expect(html).not.toContain('placeholder');
    expect(html).not.toContain('<details');
  });
});

describe('the Wallet page’s "Where questions run"', () => {
  it('offers the three modes, each with its sentence, and the amount above which Hearth asks first', () => {
    const api: HearthApi = { call: () => Promise.reject(new Error('not called while rendering')), on: () => () => {} };
    const html = renderToStaticMarkup(createElement(RoutingSection, { api }));
    expect(html.match(/type="radio"/g)).toHaveLength(3);
    for (const text of ['This computer only', 'Automatic', 'Prefer providers', 'nothing of it leaves this computer', 'Ask me before a reply that could cost more than']) {
      expect(html).toContain(text);
    }
  });

  it('takes the amount in MOR, empty for never asking, and refuses what is not an amount', () => {
    expect(thresholdFromText('0.5')).toEqual({ ok: true, value: '500000000000000000' });
    expect(thresholdFromText('  ')).toEqual({ ok: true, value: null });
    expect(thresholdFromText('half')).toEqual({ ok: false, problem: expect.stringContaining('not an amount of MOR') });
    expect(thresholdText('500000000000000000')).toBe('0.5');
    expect(thresholdText(null)).toBe('');
  });
});
