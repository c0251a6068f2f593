/** A system prompt and turns as node-llama-cpp's chat history. */
import type { ChatHistoryItem } from 'node-llama-cpp';
import type { ChatTurn } from './protocol.ts';

export function toChatHistory(systemPrompt: string, turns: ChatTurn[]): ChatHistoryItem[] {
  return [
    { type: 'system', text: systemPrompt },
    ...turns.map((turn): ChatHistoryItem =>
      turn.role === 'user' ? { type: 'user', text: turn.text } : { type: 'model', response: [turn.text] },
    ),
  ];
}
