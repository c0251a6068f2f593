import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../../src/api/index.ts';
import { displayText, initialState, reducer, streamingReply, type Action, type AppState } from '../../../renderer/src/state/store.ts';

const conversation: Conversation = { id: 'c1', title: 'Hello', createdAt: 1, updatedAt: 1 };

function message(overrides: Partial<Message> & Pick<Message, 'id' | 'role'>): Message {
  return {
    conversationId: 'c1',
    content: '',
    status: 'complete',
    model: null,
    stats: null,
    error: null,
    createdAt: 10,
    ...overrides,
  };
}

const user = message({ id: 'u1', role: 'user', content: 'Hi' });
const streaming = message({ id: 'a1', role: 'assistant', status: 'streaming', createdAt: 11 });
const final = message({
  id: 'a1',
  role: 'assistant',
  content: 'Hello there',
  createdAt: 11,
  stats: { tokens: 2, tokensPerSecond: 40, ttftMs: 12 },
});

const run = (actions: Action[], state: AppState = initialState) => actions.reduce(reducer, state);

describe('the renderer state', () => {
  it('shows a reply growing token by token, then its final text', () => {
    let state = run([{ type: 'chat/sent', conversation, userMessage: user, assistantMessage: streaming }]);
    expect(state.currentId).toBe('c1');
    expect(state.conversations.map((c) => c.id)).toEqual(['c1']);
    state = run([{ type: 'chat/tokens', deltas: { a1: 'Hel' } }, { type: 'chat/tokens', deltas: { a1: 'lo' } }], state);
    expect(streamingReply(state)?.id).toBe('a1');
    expect(displayText(state, state.messages[1]!)).toBe('Hello');
    state = reducer(state, { type: 'chat/done', message: final });
    expect(state.messages.map((m) => [m.role, m.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ]);
    expect(displayText(state, state.messages[1]!)).toBe('Hello there');
    expect(streamingReply(state)).toBeNull();
    expect(state.lastStats?.tokensPerSecond).toBe(40);
  });

  it('keeps the final reply when chat.done arrives before the chat.send result', () => {
    const state = run([
      { type: 'chat/tokens', deltas: { a1: 'Hello' } },
      { type: 'chat/done', message: final },
      { type: 'chat/sent', conversation, userMessage: user, assistantMessage: streaming },
    ]);
    expect(state.messages.map((m) => m.id)).toEqual(['u1', 'a1']);
    expect(state.messages[1]?.status).toBe('complete');
    expect(streamingReply(state)).toBeNull();
  });

  it('ignores a token that arrives after its reply ended', () => {
    const state = run([
      { type: 'chat/sent', conversation, userMessage: user, assistantMessage: streaming },
      { type: 'chat/done', message: final },
      { type: 'chat/tokens', deltas: { a1: 'late' } },
    ]);
    expect(state.streamText).toEqual({});
    expect(displayText(state, state.messages[1]!)).toBe('Hello there');
  });

  it('shows a reply written again in the old one\u2019s place, starting from empty', () => {
    const again = message({ id: 'a2', role: 'assistant', status: 'streaming', createdAt: 12, branch: { index: 1, count: 2, previousId: 'a1', nextId: null } });
    let state = run([
      { type: 'chat/sent', conversation, userMessage: user, assistantMessage: streaming },
      { type: 'chat/done', message: final },
      { type: 'chat/regenerated', replacedId: 'a1', assistantMessage: again },
    ]);
    expect(state.messages.map((m) => m.id)).toEqual(['u1', 'a2']);
    expect(streamingReply(state)?.id).toBe('a2');
    expect(displayText(state, state.messages[1]!)).toBe('');
    state = run([{ type: 'chat/tokens', deltas: { a2: 'Again' } }], state);
    expect(displayText(state, state.messages[1]!)).toBe('Again');
    state = reducer(state, { type: 'chat/done', message: { ...again, status: 'complete', content: 'Again!' } });
    expect(state.messages).toHaveLength(2);
    expect(displayText(state, state.messages[1]!)).toBe('Again!');
    expect(state.messages[1]!.branch).toMatchObject({ index: 1, count: 2 });
  });


  it('opening a conversation mid-reply starts from the text saved so far', () => {
    const state = run([
      { type: 'conversation/opening', id: 'c1' },
      { type: 'conversation/opened', conversation, messages: [{ ...streaming, content: 'Once upon' }, user] },
      { type: 'chat/tokens', deltas: { a1: ' a time' } },
    ]);
    expect(state.messages.map((m) => m.id)).toEqual(['u1', 'a1']);
    expect(displayText(state, state.messages[1]!)).toBe('Once upon a time');
  });

  it('does not show another conversation’s reply in the open one', () => {
    const other = { ...final, id: 'a9', conversationId: 'c2' };
    const state = run([
      { type: 'chat/sent', conversation, userMessage: user, assistantMessage: streaming },
      { type: 'chat/done', message: other },
    ]);
    expect(state.messages.map((m) => m.id)).toEqual(['u1', 'a1']);
  });

  it('lists conversations newest first', () => {
    const state = reducer(initialState, {
      type: 'conversations/listed',
      conversations: [
        { ...conversation, id: 'old', updatedAt: 1, preview: '' },
        { ...conversation, id: 'new', updatedAt: 5, preview: '' },
      ],
    });
    expect(state.conversations.map((c) => c.id)).toEqual(['new', 'old']);
  });
});
