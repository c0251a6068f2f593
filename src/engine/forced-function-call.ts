/**
 * For tests and demos: a model that never calls functions by itself (the
 * bundled demo model writes children's stories) made to call one. The
 * model's own chat format is kept; only its reply starts in node-llama-cpp's
 * function-calling mode: the call prefix is put into the context and the
 * rest is generated under node-llama-cpp's grammars for a function name and
 * that function's parameters, so the reply is one valid call.
 */
import {
  ChatWrapper, LlamaText, type ChatHistoryItem, type ChatModelFunctionCall, type ChatModelFunctions, type ChatModelResponse,
  type ChatWrapperGenerateContextStateOptions, type ChatWrapperGeneratedContextState, type ChatWrapperGenerateInitialHistoryOptions,
} from 'node-llama-cpp';

export class ForcedFunctionCallChatWrapper extends ChatWrapper {
  readonly wrapperName: string;
  override readonly settings: ChatWrapper['settings'];
  readonly #format: ChatWrapper;

  constructor(format: ChatWrapper) {
    super();
    this.#format = format;
    this.wrapperName = `${format.wrapperName} (forced function call)`;
    this.settings = format.settings;
  }

  override generateContextState(options: ChatWrapperGenerateContextStateOptions): ChatWrapperGeneratedContextState {
    const { contextText, stopGenerationTriggers } = this.#format.generateContextState(options);
    // Without prefix triggers, node-llama-cpp takes this action as the reply starts: it injects the call prefix and lets only a function name follow.
    return { contextText, stopGenerationTriggers, noPrefixTrigger: { type: 'functionCall', inject: LlamaText(this.settings.functions.call.prefix) } };
  }

  // Everything else is the model's own format.
  override generateFunctionCallsAndResults(functionCalls: ChatModelFunctionCall[], useRawCall?: boolean) {
    return this.#format.generateFunctionCallsAndResults(functionCalls, useRawCall);
  }

  override generateFunctionCall(name: string, params: unknown): LlamaText {
    return this.#format.generateFunctionCall(name, params);
  }

  override generateFunctionCallResult(functionName: string, functionParams: unknown, result: unknown): LlamaText {
    return this.#format.generateFunctionCallResult(functionName, functionParams, result);
  }

  override generateModelResponseText(modelResponse: ChatModelResponse['response'], useRawValues?: boolean): LlamaText {
    return this.#format.generateModelResponseText(modelResponse, useRawValues);
  }

  override generateAvailableFunctionsSystemText(availableFunctions: ChatModelFunctions, options: { documentParams?: boolean }): LlamaText {
    return this.#format.generateAvailableFunctionsSystemText(availableFunctions, options);
  }

  override addAvailableFunctionsSystemMessageToHistory(history: readonly ChatHistoryItem[], availableFunctions?: ChatModelFunctions, options?: { documentParams?: boolean }) {
    return this.#format.addAvailableFunctionsSystemMessageToHistory(history, availableFunctions, options);
  }

  override generateInitialChatHistory(options?: ChatWrapperGenerateInitialHistoryOptions): ChatHistoryItem[] {
    return this.#format.generateInitialChatHistory(options);
  }
}
