/**
 * A draft of a reply's first tokens, written greedily on a sequence of the
 * chat model that no reply is using, to read the probability the model gave
 * each: low probabilities early in a reply are a published, strong sign
 * that the model does not know the answer. The chat session finds the
 * sequence changed and reads its prompt again for the next reply.
 */
import { toChatHistory } from './chat-history.ts';
import { promptTooLong } from './prompt-room.ts';
import type { DraftRequest, FromWorker } from './protocol.ts';
import type { ChatModel } from './worker-json.ts';

export async function draft(chat: ChatModel | undefined, request: DraftRequest): Promise<FromWorker> {
  const { requestId } = request;
  if (!chat) return { type: 'failed', requestId, failure: 'no-model', details: 'no model is loaded' };
  const tooLong = promptTooLong(chat.model, chat.context.contextSize, request.prompt);
  if (tooLong) return { type: 'failed', requestId, failure: 'prompt-too-long', details: tooLong };
  const { session } = chat;
  const history = [...toChatHistory(request.systemPrompt, request.history), { type: 'user' as const, text: request.prompt }, { type: 'model' as const, response: [] }];
  const { sequence } = session;
  try {
    const tokens = session.chatWrapper.generateContextState({ chatHistory: history }).contextText.tokenize(chat.model.tokenizer);
    await sequence.clearHistory();
    const confidences: number[] = [];
    for await (const next of sequence.evaluateWithMetadata(tokens, { confidence: true }, { temperature: 0 })) {
      if (chat.model.isEogToken(next.token)) break;
      confidences.push(next.confidence);
      if (confidences.length >= request.tokens) break;
    }
    return { type: 'drafted', requestId, confidences };
  } catch (error) {
    return { type: 'failed', requestId, failure: 'other', details: (error as Error).message };
  } finally {
    await sequence.clearHistory();
  }
}
