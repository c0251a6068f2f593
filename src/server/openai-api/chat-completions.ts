/**
 * POST /v1/chat/completions: a reply from where the routing policy sends
 * it (this computer or a provider, said in the x-hearth-route headers),
 * streamed as server-sent events (`data: {chunk}` lines,
 * then `data: [DONE]`) or answered as one JSON object with its usage. The
 * status is sent with the reply's first text, so a request refused before
 * any text (a prompt too long, a model that failed to load) gets an error
 * status; a failure after it ends the stream with an error event. When
 * the client goes away, `signal` stops the reply.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { CompletionStats } from '../../completion/completion-backend.ts';
import type { Engine } from '../../engine/engine.ts';
import { finalChunk, textChunk, type ChunkContext } from '../../provider/openai-chunks.ts';
import { asApiError, errorBody, internalError, invalidRequest } from './api-errors.ts';
import { chatCompletionRequestSchema, toChatRequest } from './chat-completion-request.ts';
import { routeHeaders, type RouteChatRequest } from './reply-backend.ts';
import { requireModel, servedModels } from './served-models.ts';

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

const usageOf = ({ inputTokens, outputTokens }: CompletionStats) =>
  ({ prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens });

/** Answers the request; resolves with the tokens used (up to where a client that went away stopped it), or null when it went away before. */
export async function answerChatCompletion(body: unknown, response: ServerResponse, signal: AbortSignal, engine: Engine, route: RouteChatRequest): Promise<TokenUsage | null> {
  const parsed = chatCompletionRequestSchema.safeParse(body);
  if (!parsed.success) throw invalidRequest('a chat completion', parsed.error);
  const model = requireModel(parsed.data.model, servedModels(engine).chat, 'chat');
  try {
    await engine.whenReady(signal);
  } catch (error) {
    if (signal.aborted) return null;
    throw error;
  }
  const request = toChatRequest(parsed.data);
  const routed = await route(request, model);
  const { backend } = routed;
  const headers = routeHeaders(routed.route);
  const context: ChunkContext = { id: `chatcmpl-${randomUUID()}`, model: backend.model, created: Math.floor(Date.now() / 1000) };
  if (!request.stream) {
    let text = '';
    const stats = await backend.complete(request, (piece) => (text += piece), signal);
    const reply = JSON.stringify({
      id: context.id, object: 'chat.completion', created: context.created, model: backend.model,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage: usageOf(stats),
    });
    if (!signal.aborted) response.writeHead(200, { 'content-type': 'application/json', ...headers }).end(reply);
    return stats;
  }

  const send = (data: string) => {
    if (!response.destroyed) response.write(`data: ${data}\n\n`);
  };
  const start = () => {
    if (response.headersSent) return;
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', ...headers });
    send(textChunk(context, '', true));
  };
  let stats: CompletionStats;
  try {
    stats = await backend.complete(request, (text) => {
      start();
      send(textChunk(context, text, false));
    }, signal);
  } catch (error) {
    if (!response.headersSent) throw error;
    send(errorBody(asApiError(error) ?? internalError()));
    response.end();
    throw error;
  }
  if (signal.aborted) return stats;
  start();
  send(finalChunk(context, stats));
  send('[DONE]');
  response.end();
  return stats;
}
