/** Why a reply cannot start on a loaded model (stopped before it began, a message too long), as the message the core is sent; null when it can. */
import type { ReplyStats } from '../api/contract.ts';
import { promptTooLong } from './prompt-room.ts';
import type { FromWorker, GenerateRequest } from './protocol.ts';
import type { ChatModel } from './worker-json.ts';

export function replyCannotStart(chat: ChatModel, request: GenerateRequest, signal: AbortSignal, stats: () => ReplyStats): FromWorker | null {
  const { requestId } = request;
  if (signal.aborted) return { type: 'done', requestId, stopped: true, stats: stats(), promptTokens: 0 };
  const tooLong = promptTooLong(chat.model, chat.context.contextSize, request.prompt);
  return tooLong ? { type: 'failed', requestId, failure: 'prompt-too-long', details: tooLong } : null;
}
