/**
 * Which HearthError each failure the worker reports becomes, and what a
 * request in flight fails with when the worker dies under it.
 */
import type { ErrorCode } from '../api/errors.ts';
import type { EmbedderLoadFailure, EmbedFailure, GenerationFailure } from './protocol.ts';

/** The requests that get one answer from the worker. */
export type RequestKind = 'inspect' | 'detect-hardware' | 'load-embedder' | 'embed' | 'generate-json' | 'draft' | 'count-tokens';

export const crashCodes: Record<RequestKind, ErrorCode> = {
  'inspect': 'MODEL_CRASHED',
  'detect-hardware': 'MODEL_CRASHED',
  'load-embedder': 'MODEL_CRASHED',
  'embed': 'EMBEDDING_INTERRUPTED',
  'generate-json': 'ENGINE_CRASHED',
  'draft': 'ENGINE_CRASHED',
  'count-tokens': 'ENGINE_CRASHED',
};

export const generationErrorCodes: Record<GenerationFailure, ErrorCode> = {
  'prompt-too-long': 'PROMPT_TOO_LONG',
  'no-model': 'MODEL_NOT_READY',
  'other': 'INTERNAL',
  'json-incomplete': 'JSON_INCOMPLETE',
  'invalid-schema': 'INVALID_REQUEST',
};

export const embedderLoadErrorCodes: Record<EmbedderLoadFailure, ErrorCode> = {
  'too-large': 'MODEL_TOO_LARGE',
  'invalid': 'MODEL_INVALID',
  'unsupported': 'EMBEDDER_UNSUPPORTED',
};

export const embedErrorCodes: Record<EmbedFailure, ErrorCode> = {
  'no-embedder': 'EMBEDDER_NOT_READY',
  'other': 'INTERNAL',
};
