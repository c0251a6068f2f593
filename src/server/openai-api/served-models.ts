/**
 * The models the local API offers, named by their file names: the chat
 * model and the embedding model the app uses now, also while they load (a
 * request then waits for its model). A request must name one of them; Hearth does not switch
 * models for an app.
 */
import path from 'node:path';
import type { Engine } from '../../engine/engine.ts';
import { ApiError } from './api-errors.ts';

export interface ServedModels {
  chat: string | null;
  embedding: string | null;
}

export function servedModels(engine: Engine): ServedModels {
  const { status, embedderStatus } = engine;
  return {
    chat: status.path !== null && status.state !== 'error' ? path.basename(status.path) : null,
    embedding: (embedderStatus.state === 'ready' || embedderStatus.state === 'loading') && embedderStatus.path !== null ? path.basename(embedderStatus.path) : null,
  };
}

/** The model list as OpenAI's GET /v1/models answers it; one model that both chats and embeds is listed once. */
export function modelList(served: ServedModels, created: number) {
  const ids = [...new Set([served.chat, served.embedding].filter((id): id is string => id !== null))];
  return { object: 'list', data: ids.map((id) => ({ id, object: 'model', created, owned_by: 'hearth' })) };
}

/** `requested`, when it is the model served for `use`; otherwise a 404 that names the one to use. */
export function requireModel(requested: string, served: string | null, use: 'chat' | 'embeddings'): string {
  if (served === null) {
    const message = use === 'chat'
      ? 'Hearth has no chat model loaded: choose one on the Models page, then try again.'
      : 'Hearth has no embedding model ready: wait for it to load, or choose one on the Models page.';
    throw new ApiError(503, 'server_error', use === 'chat' ? 'model_not_ready' : 'embedder_not_ready', message);
  }
  if (requested !== served) {
    throw new ApiError(404, 'not_found_error', 'model_not_found', `Hearth does not serve the model "${requested.slice(0, 100)}" for ${use}; it serves "${served}" (GET /v1/models lists it).`);
  }
  return served;
}
