/**
 * POST /v1/embeddings: vectors for texts from the engine's embedding
 * model, the one that embeds the person's memories and documents. As
 * numbers, or as base64 little-endian float32 (what OpenAI's clients ask
 * for unless told otherwise). The engine does not count an embedding's
 * tokens, so usage reports none.
 */
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Engine } from '../../engine/engine.ts';
import { invalidRequest } from './api-errors.ts';
import { requireModel, servedModels } from './served-models.ts';

const text = z.string().min(1, 'an input text is empty: there is nothing to embed').max(1_000_000);

const embeddingRequestSchema = z.object({
  model: z.string().min(1).max(256),
  input: z.union([text, z.array(text).min(1).max(2048)], { error: 'input must be a text or a list of texts (Hearth does not take token ids)' }),
  encoding_format: z.enum(['float', 'base64']).optional(),
});

const asBase64 = (vector: Float32Array) => Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');

export async function answerEmbeddings(body: unknown, response: ServerResponse, engine: Engine): Promise<void> {
  const parsed = embeddingRequestSchema.safeParse(body);
  if (!parsed.success) throw invalidRequest('an embeddings request', parsed.error);
  const { input, encoding_format: format = 'float' } = parsed.data;
  const model = requireModel(parsed.data.model, servedModels(engine).embedding, 'embeddings');
  const { vectors } = await engine.embed(typeof input === 'string' ? [input] : input, { priority: 'interactive' });
  const reply = JSON.stringify({
    object: 'list',
    data: vectors.map((vector, index) => ({ object: 'embedding', index, embedding: format === 'base64' ? asBase64(vector) : Array.from(vector) })),
    model,
    usage: { prompt_tokens: 0, total_tokens: 0 },
  });
  if (!response.destroyed) response.writeHead(200, { 'content-type': 'application/json' }).end(reply);
}
