/** OpenAI chat-completion stream chunks, as a MOR-RPC consumer expects them. */
export interface ChunkContext {
  id: string;
  model: string;
  created: number;
}

export function textChunk(context: ChunkContext, text: string, first: boolean): string {
  const delta = first ? { role: 'assistant', content: text } : { content: text };
  return JSON.stringify({
    id: context.id, object: 'chat.completion.chunk', created: context.created, model: context.model,
    choices: [{ index: 0, delta, finish_reason: null }],
  });
}

export function finalChunk(context: ChunkContext, usage: { inputTokens: number; outputTokens: number }): string {
  return JSON.stringify({
    id: context.id, object: 'chat.completion.chunk', created: context.created, model: context.model,
    choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
    usage: { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens },
  });
}
