/**
 * Provider replies in the chat's state and views: the target chosen per
 * conversation, a cut reply continued on this computer, and the badge and
 * panel under a reply a provider wrote.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Conversation, Message, RemoteReply } from '../../../src/api/index.ts';
import { canContinueLocally } from '../../../renderer/src/chat/continue-locally.ts';
import { MessageView } from '../../../renderer/src/chat/MessageView.tsx';
import { RemoteReplyPanel } from '../../../renderer/src/chat/RemoteReplyPanel.tsx';
import { displayText, initialState, reducer, replyTargetOf, type Action, type AppState } from '../../../renderer/src/state/store.ts';
import { hex } from './market-fixtures.ts';

const conversation: Conversation = { id: 'c1', title: 'Hello', createdAt: 1, updatedAt: 1 };
const message = (overrides: Partial<Message> & Pick<Message, 'id' | 'role'>): Message => ({
  conversationId: 'c1', content: '', status: 'complete', model: null, stats: null, error: null, createdAt: 10, ...overrides,
});
const user = message({ id: 'u1', role: 'user', content: 'Hi' });
const run = (actions: Action[], state: AppState = initialState) => actions.reduce(reducer, state);
const best = { kind: 'provider', modelId: hex('a', 32), fallback: 'next-bid' } as const;

const remote: RemoteReply = {
  provider: { address: hex('c', 20), endpoint: '127.0.0.1:3333' },
  model: { id: hex('a', 32), name: 'stories260K' },
  bid: { id: hex('b', 32), pricePerSecondWei: '300000000000000' },
  sessionId: hex('5', 32),
  transactions: [hex('7', 32), hex('8', 32)],
  costWei: '3300000000000000',
  seconds: 11,
  inputTokens: 42,
  outputTokens: 300,
  ttftMs: 512.4,
  tokensPerSecond: 28.57,
  sent: { bytes: 1234, sha256: 'f'.repeat(64) },
};

describe('where the chat’s replies are written', () => {
  it('is no choice (the control’s default) until one is made, and the choice stays with its conversation', () => {
    let state = run([{ type: 'chat/sent', conversation, userMessage: user, assistantMessage: message({ id: 'a1', role: 'assistant' }) }]);
    expect(replyTargetOf(state)).toBeNull();
    state = reducer(state, { type: 'chat/target', conversationId: 'c1', target: best });
    expect(replyTargetOf(state)).toEqual(best);
    state = reducer(state, { type: 'conversation/opening', id: 'c2' });
    expect(replyTargetOf(state)).toBeNull();
    state = reducer(state, { type: 'conversation/opening', id: 'c1' });
    expect(replyTargetOf(state)).toEqual(best);
    state = reducer(state, { type: 'chat/target', conversationId: 'c1', target: { kind: 'local' } });
    expect(replyTargetOf(state)).toEqual({ kind: 'local' });
    state = reducer(state, { type: 'chat/target', conversationId: 'c1', target: null });
    expect(replyTargetOf(state)).toBeNull();
  });

  it('carries a new chat’s choice to the conversation its first message creates, and starts each new chat with no choice', () => {
    let state = run([{ type: 'conversation/new' }, { type: 'chat/target', conversationId: null, target: best }]);
    expect(replyTargetOf(state)).toEqual(best);
    state = reducer(state, { type: 'chat/sent', conversation, userMessage: user, assistantMessage: message({ id: 'a1', role: 'assistant' }) });
    expect(replyTargetOf(state)).toEqual(best);
    state = run([{ type: 'chat/target', conversationId: null, target: best }, { type: 'conversation/new' }], { ...state, currentId: null });
    expect(replyTargetOf(state)).toBeNull();
  });
});

describe('a cut provider reply continued on this computer', () => {
  const cut = message({ id: 'a1', role: 'assistant', content: 'Once upon', status: 'error', remote, createdAt: 11 });

  it('keeps the text and appends the local model’s tokens, then takes the final message', () => {
    let state = run([{ type: 'chat/sent', conversation, userMessage: user, assistantMessage: message({ id: 'a1', role: 'assistant', status: 'streaming', createdAt: 11 }) }]);
    state = run([{ type: 'chat/done', message: cut }, { type: 'chat/continuing', messageId: 'a1' }, { type: 'chat/tokens', deltas: { a1: ' a time' } }], state);
    expect(state.messages[1]?.status).toBe('streaming');
    expect(displayText(state, state.messages[1]!)).toBe('Once upon a time');
    state = reducer(state, { type: 'chat/continued', assistantMessage: { ...cut, status: 'streaming', error: null } });
    expect(displayText(state, state.messages[1]!)).toBe('Once upon a time');
    state = reducer(state, { type: 'chat/done', message: { ...cut, content: 'Once upon a time.', status: 'complete', error: null } });
    expect(displayText(state, state.messages[1]!)).toBe('Once upon a time.');
  });

  it('is offered for the latest provider reply that failed or was stopped after some text, and no other', () => {
    expect(canContinueLocally(cut, true)).toBe(true);
    expect(canContinueLocally({ ...cut, status: 'interrupted' }, true)).toBe(true);
    expect(canContinueLocally(cut, false)).toBe(false);
    expect(canContinueLocally({ ...cut, content: '' }, true)).toBe(false);
    expect(canContinueLocally({ ...cut, status: 'complete' }, true)).toBe(false);
    expect(canContinueLocally({ ...cut, remote: null }, true)).toBe(false);
  });

  it('shows its button under the reply, beside the badge of the provider that wrote it', () => {
    const html = renderToStaticMarkup(
      createElement(MessageView, {
        message: cut, text: cut.content, canRegenerate: true, onRegenerate: () => {}, highlighted: false, modelStatus: null,
        canContinue: true, onContinue: () => {},
      }),
    );
    expect(html).toContain('Continue on this computer');
    expect(html).toContain('data-testid="remote-badge"');
    expect(html).toContain('0xcccc…cccc · stories260K · 0.0033 MOR');
  });
});

describe('what a provider reply’s panel says', () => {
  const render = (reply: RemoteReply) => renderToStaticMarkup(createElement(RemoteReplyPanel, { id: 'panel', remote: reply }));

  it('names the provider, bid, session and transactions, what it cost and what left the device', () => {
    const html = render(remote);
    for (const text of [hex('c', 20), '127.0.0.1:3333', 'stories260K', '0.0003 MOR/s', '0x5555…5555', `title="${hex('7', 32)}"`, '0x8888…8888',
      '0.0033 MOR for 11 s', '42 in, 300 out', 'First text after 512 ms, then 28.6 tok/s', '1234 bytes, sha256', 'f'.repeat(64)]) {
      expect(html).toContain(text);
    }
    expect(render({ ...remote, transactions: [] })).toContain('None: it used a session already open.');
  });

  it('says who continued the reply after the provider failed, and the cost with the next provider', () => {
    const html = render({
      ...remote,
      continuedBy: [
        { after: 'PROVIDER_SILENT', startsAt: 120, model: 'stories260K', remote: { ...remote, provider: { address: hex('d', 20), endpoint: 'x:1' }, costWei: '600000000000000', seconds: 2 } },
        { after: 'PROVIDER_UNREACHABLE', startsAt: 200, model: 'stories260K', remote: null },
      ],
    });
    expect(html).toContain('From character 120, after <code>PROVIDER_SILENT</code>: continued by stories260K from the next provider');
    expect(html).toContain('0.0006 MOR for 2 s');
    expect(html).toContain('0.0039 MOR with the providers that continued it');
    expect(html).toContain('From character 200, after <code>PROVIDER_UNREACHABLE</code>: continued by stories260K on this computer.');
  });
});
