import { GeneralChatWrapper } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { continuesAfterFunctionCalls, toChatHistory } from '../../src/engine/chat-history.ts';
import type { ChatTurn } from '../../src/engine/protocol.ts';

const call = { name: 'add_numbers', params: { a: 2, b: 3 }, result: '5' };

describe('turns with function calls as the model reads them', () => {
  it('puts an assistant turn’s calls and their results after its text', () => {
    const turns: ChatTurn[] = [
      { role: 'user', text: 'What is 2 plus 3?' },
      { role: 'assistant', text: 'Let me add them.', functionCalls: [call, { name: 'lookup_word', params: { word: 'five' }, result: 'a number' }] },
    ];
    expect(toChatHistory('Be brief.', turns)).toEqual([
      { type: 'system', text: 'Be brief.' },
      { type: 'user', text: 'What is 2 plus 3?' },
      {
        type: 'model',
        response: [
          'Let me add them.',
          { type: 'functionCall', name: 'add_numbers', params: { a: 2, b: 3 }, result: '5', startsNewChunk: true },
          { type: 'functionCall', name: 'lookup_word', params: { word: 'five' }, result: 'a number' },
        ],
      },
    ]);
  });

  it('continues the same reply with what the model wrote after reading the results', () => {
    const turns: ChatTurn[] = [
      { role: 'user', text: 'What is 2 plus 3?' },
      { role: 'assistant', text: '', functionCalls: [call] },
      { role: 'assistant', text: 'It is 5.' },
      { role: 'user', text: 'Thanks' },
      { role: 'assistant', text: 'You are welcome.' },
    ];
    const history = toChatHistory('Be brief.', turns);
    expect(history.slice(1)).toEqual([
      { type: 'user', text: 'What is 2 plus 3?' },
      { type: 'model', response: [{ type: 'functionCall', name: 'add_numbers', params: { a: 2, b: 3 }, result: '5', startsNewChunk: true }, 'It is 5.'] },
      { type: 'user', text: 'Thanks' },
      { type: 'model', response: ['You are welcome.'] },
    ]);
    // The text the model reads holds the call and its result, in the chat format's own syntax.
    const text = new GeneralChatWrapper().generateContextState({ chatHistory: history }).contextText.toString();
    expect(text).toContain('add_numbers({"a": 2, "b": 3})');
    expect(text).toMatch(/"5"[\s\S]*It is 5\./);
  });

  it('goes on with the last turn only when it called functions and no new message came', () => {
    const calling: ChatTurn[] = [{ role: 'user', text: 'Add 2 and 3' }, { role: 'assistant', text: '', functionCalls: [call] }];
    expect(continuesAfterFunctionCalls(calling, '')).toBe(true);
    expect(continuesAfterFunctionCalls(calling, 'And 4?')).toBe(false);
    expect(continuesAfterFunctionCalls([{ role: 'user', text: 'Hi' }, { role: 'assistant', text: 'Hello' }], '')).toBe(false);
    expect(continuesAfterFunctionCalls([], '')).toBe(false);
  });

  it('keeps turns without calls as they were', () => {
    expect(toChatHistory('S', [{ role: 'user', text: 'a' }, { role: 'assistant', text: 'b' }, { role: 'assistant', text: '' }])).toEqual([
      { type: 'system', text: 'S' },
      { type: 'user', text: 'a' },
      { type: 'model', response: ['b'] },
      { type: 'model', response: [''] },
    ]);
  });
});
