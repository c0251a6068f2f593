import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Message, ModelStatus } from '../../../src/api/contract.ts';
import { MessageView } from '../../../renderer/src/chat/MessageView.tsx';

const reply: Message = {
  id: 'reply', conversationId: 'chat', role: 'assistant', content: '', status: 'streaming', model: 'stories260K', stats: null, error: null, createdAt: 0,
};

const modelIn = (state: ModelStatus['state']): ModelStatus => ({
  state, name: 'stories260K', path: '/models/stories260K.gguf', isDemo: true, sizeBytes: null, threads: null, contextSize: null, error: null,
});

const render = (text: string, modelStatus: ModelStatus | null) =>
  renderToStaticMarkup(createElement(MessageView, { message: reply, text, canRegenerate: false, onRegenerate: () => {}, highlighted: false, modelStatus }));

describe('a reply that has no text yet', () => {
  it('says it waits for the model while the model loads or restarts, and that Hearth is thinking once it is ready', () => {
    expect(render('', modelIn('loading'))).toContain('Waiting for the model to load…');
    expect(render('', modelIn('calibrating'))).toContain('Waiting for the model to load…');
    expect(render('', modelIn('error'))).toContain('Waiting for the model to restart…');
    expect(render('', modelIn('ready'))).toContain('Thinking…');
    expect(render('Once upon', modelIn('ready'))).toContain('Writing…');
  });
});
