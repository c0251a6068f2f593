/** A system prompt and turns as node-llama-cpp's chat history. */
import type { ChatHistoryItem, ChatModelFunctionCall, ChatModelResponse } from 'node-llama-cpp';
import type { ChatTurn, FunctionCallWithResult } from './protocol.ts';

export function toChatHistory(systemPrompt: string, turns: ChatTurn[]): ChatHistoryItem[] {
  const items: ChatHistoryItem[] = [{ type: 'system', text: systemPrompt }];
  for (const turn of turns) {
    if (turn.role === 'user') {
      items.push({ type: 'user', text: turn.text });
      continue;
    }
    const calls = (turn.functionCalls ?? []).map(toFunctionCallItem);
    const response: ChatModelResponse['response'] = calls.length > 0 && turn.text === '' ? calls : [turn.text, ...calls];
    const previous = items.at(-1);
    // What the model wrote after reading its calls' results is the rest of the same reply, as node-llama-cpp keeps it.
    if (previous?.type === 'model' && endsWithFunctionCall(previous)) previous.response.push(...response);
    else items.push({ type: 'model', response });
  }
  return items;
}

/** True when the model is to go on with its last turn, having read the results of the functions it called there: no new message. */
export function continuesAfterFunctionCalls(turns: ChatTurn[], prompt: string): boolean {
  const last = turns.at(-1);
  return prompt === '' && last?.role === 'assistant' && (last.functionCalls?.length ?? 0) > 0;
}

function toFunctionCallItem(call: FunctionCallWithResult, index: number): ChatModelFunctionCall {
  // The calls of one turn were written together: with chat formats that group parallel calls, they form one group.
  return { type: 'functionCall', name: call.name, params: call.params, result: call.result, ...(index === 0 ? { startsNewChunk: true } : {}) };
}

function endsWithFunctionCall(item: ChatModelResponse): boolean {
  const last = item.response.at(-1);
  return typeof last === 'object' && last.type === 'functionCall';
}
