/**
 * Where an app's chat request is answered, and why: the core routes it with
 * the same policy, limits and redaction as the window's messages
 * (src/core/local-api-routing.ts).
 */
import type { Route } from '../../api/contract.ts';
import type { ChatRequest, CompletionBackend } from '../../completion/completion-backend.ts';

export interface RoutedBackend {
  backend: CompletionBackend;
  route: Route;
}

/** `model`: the served chat model the request named. */
export type RouteChatRequest = (request: ChatRequest, model: string) => Promise<RoutedBackend>;

/** The route as response headers: an app (or its person) can see where the reply was written and why. */
export const routeHeaders = ({ target, reason }: Route): Record<string, string> => ({
  'x-hearth-route': target,
  // Header values are Latin-1: the sentence travels percent-encoded.
  'x-hearth-route-reason': encodeURIComponent(reason),
});
