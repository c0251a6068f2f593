/**
 * A reply that may call functions. node-llama-cpp's LlamaChat writes it:
 * text streams as tokens until the model writes a call, whose name and
 * parameters its grammars keep valid; then it stops and returns the calls.
 * They are handed to the core, never run here: the person approves each
 * one first. (LlamaChatSession would run them through handlers.) The core
 * then asks again with the results in the history, and the model goes on.
 */
import { LlamaChat, type ChatHistoryItem, type ChatModelFunctions, type ChatWrapper } from 'node-llama-cpp';
import { continuesAfterFunctionCalls, toChatHistory } from './chat-history.ts';
import { ForcedFunctionCallChatWrapper } from './forced-function-call.ts';
import { paramsProblem } from './function-schema.ts';
import type { FromWorker, FunctionDefinition, GenerateRequest, WrittenFunctionCall } from './protocol.ts';
import { createReplyTimer } from './reply-timer.ts';
import { replyCannotStart } from './reply-start.ts';
import { createTokenBatcher } from './token-batcher.ts';
import type { ChatModel } from './worker-json.ts';

/** Requests this module writes: those offering functions, and those going on after function calls' results. */
export function usesFunctionCalling(request: GenerateRequest): boolean {
  return (request.functions?.length ?? 0) > 0 || continuesAfterFunctionCalls(request.history, request.prompt);
}

export async function generateWithFunctions(chat: ChatModel | undefined, request: GenerateRequest, signal: AbortSignal, send: (message: FromWorker) => void): Promise<void> {
  const { requestId, settings } = request;
  const timer = createReplyTimer();
  if (!chat) {
    send({ type: 'failed', requestId, failure: 'no-model', details: 'no model is loaded' });
    return;
  }
  const refusal = replyCannotStart(chat, request, signal, () => timer.stats());
  if (refusal !== null) {
    send(refusal);
    return;
  }
  const functions = request.functions?.length ? toChatModelFunctions(request.functions) : undefined;
  const forced = functions !== undefined && request.forceFunctionCall === true;
  const { session } = chat;
  const chatWrapper: ChatWrapper = forced ? new ForcedFunctionCallChatWrapper(session.chatWrapper) : session.chatWrapper;
  // A chat of its own on the session's sequence, which this request holds alone; the session reads its prompt again for the next plain reply.
  const llamaChat = new LlamaChat({ contextSequence: session.sequence, chatWrapper });
  const history = replyHistory(request);
  const tokens = createTokenBatcher((text) => send({ type: 'token', requestId, text }));
  try {
    // The formatted system prompt, function documentation, history and message, as the context reads them before the reply.
    const promptTokens = chatWrapper.generateContextState({ chatHistory: history, availableFunctions: functions, documentFunctionParams: true })
      .contextText.tokenize(chat.model.tokenizer).length;
    const result = await llamaChat.generateResponse(history, {
      ...(functions ? { functions, documentFunctionParams: true } : {}),
      ...(forced ? { maxParallelFunctionCalls: 1 } : {}),
      signal,
      stopOnAbortSignal: true,
      maxTokens: settings.maxTokens,
      temperature: settings.temperature,
      topK: settings.topK,
      topP: settings.topP,
      ...(settings.seed === undefined ? {} : { seed: settings.seed }),
      onToken: (chunk) => timer.addTokens(chunk.length),
      onTextChunk: (text) => tokens.push(text),
      // A call's tokens reach no onToken; counted from its text, they still show in the reply's speed.
      onFunctionCallParamsChunk: (chunk) => timer.addTokens(chat.model.tokenize(chunk.paramsChunk).length),
    });
    tokens.flush();
    const functionCalls = (result.functionCalls ?? []).map((call): WrittenFunctionCall => {
      const problem = paramsProblem(call.params);
      return { name: call.functionName, params: call.params, ...(problem ? { problem } : {}) };
    });
    send({
      type: 'done', requestId, stopped: result.metadata.stopReason === 'abort', stats: timer.stats(), promptTokens,
      ...(functionCalls.length > 0 ? { functionCalls } : {}),
    });
  } catch (error) {
    tokens.flush();
    // Stopped while the prompt was still being read: that is a stop, not a failure.
    if (signal.aborted) send({ type: 'done', requestId, stopped: true, stats: timer.stats(), promptTokens: 0 });
    else send({ type: 'failed', requestId, failure: 'other', details: (error as Error).message });
  } finally {
    llamaChat.dispose({ disposeSequence: false });
  }
}

function toChatModelFunctions(definitions: FunctionDefinition[]): ChatModelFunctions {
  return Object.fromEntries(definitions.map(({ name, description, parameters }) => [name, { description, params: parameters }]));
}

/** The history the reply is written after: a new message, or, going on after function calls, the model's unfinished turn. */
function replyHistory(request: GenerateRequest): ChatHistoryItem[] {
  const history = toChatHistory(request.settings.systemPrompt, request.history);
  if (continuesAfterFunctionCalls(request.history, request.prompt)) return history;
  return [...history, { type: 'user', text: request.prompt }, { type: 'model', response: [] }];
}
