/**
 * JSON from the chat model: a grammar built from a JSON schema allows
 * only tokens that keep the reply valid under the schema, so any model,
 * however small, answers with JSON that parses.
 */
import type { Llama, LlamaChatSession, LlamaContext, LlamaGrammar, LlamaModel } from 'node-llama-cpp';
import { promptTooLong } from './prompt-room.ts';
import type { FromWorker, JsonGenerateRequest } from './protocol.ts';

/** The chat model as one request uses it: the session of the sequence it was given. */
export interface ChatModel {
  model: LlamaModel;
  context: LlamaContext;
  session: LlamaChatSession;
}

export async function generateJson(chat: ChatModel | undefined, request: JsonGenerateRequest, signal: AbortSignal): Promise<FromWorker> {
  const { requestId } = request;
  if (!chat) return { type: 'failed', requestId, failure: 'no-model', details: 'no model is loaded' };
  const { session } = chat;
  const tooLong = promptTooLong(chat.model, chat.context.contextSize, request.prompt);
  if (tooLong) return { type: 'failed', requestId, failure: 'prompt-too-long', details: tooLong };
  let grammar: LlamaGrammar & { parse(json: string): unknown };
  try {
    // The schema came over IPC as plain JSON: its exact type is known only to the caller.
    grammar = await chat.model.llama.createGrammarForJsonSchema(request.schema as Parameters<Llama['createGrammarForJsonSchema']>[0]);
  } catch (error) {
    return { type: 'failed', requestId, failure: 'invalid-schema', details: (error as Error).message };
  }
  let tokens = 0;
  try {
    session.setChatHistory(request.systemPrompt === undefined ? [] : [{ type: 'system', text: request.systemPrompt }]);
    const result = await session.promptWithMeta(request.prompt, {
      grammar,
      signal,
      stopOnAbortSignal: true,
      maxTokens: request.maxTokens,
      temperature: request.temperature ?? 0,
      ...(request.seed === undefined ? {} : { seed: request.seed }),
      onToken: (chunk) => {
        tokens += chunk.length;
      },
    });
    const text = result.responseText;
    if (result.stopReason === 'abort' || result.stopReason === 'maxTokens') {
      const why = result.stopReason === 'abort' ? 'it was stopped' : `it reached the limit of ${request.maxTokens} tokens`;
      return { type: 'failed', requestId, failure: 'json-incomplete', details: `the reply ended because ${why}: ${text.slice(0, 200)}` };
    }
    return { type: 'json-generated', requestId, value: grammar.parse(text), text, tokens };
  } catch (error) {
    if (signal.aborted) return { type: 'failed', requestId, failure: 'json-incomplete', details: 'the reply was stopped before it began' };
    return { type: 'failed', requestId, failure: 'other', details: (error as Error).message };
  }
}
