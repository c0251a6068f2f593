/**
 * Apps' requests to the local API go where the window's messages go: the
 * same routing policy (mode, spend limits, providers), the same redaction
 * of what leaves, and the decision said in the response's headers and the
 * log. A request nothing can answer is refused with the policy's reason.
 */
import { replySourceBackend } from '../chat/reply-source-backend.ts';
import type { Engine } from '../engine/engine.ts';
import type { MarketService } from '../market/market-service.ts';
import { EngineBackend, toEngineChat } from '../provider/engine-backend.ts';
import { asRoute, nothingCanAnswer, type RouteService } from '../router/route-service.ts';
import type { RouteChatRequest } from '../server/openai-api/reply-backend.ts';

export function localApiRouting({ routes, engine, needMarket }: { routes: RouteService; engine: Engine; needMarket: () => MarketService }): RouteChatRequest {
  return async (request, model) => {
    const { history, prompt } = toEngineChat(request);
    const decision = await routes.decide({ conversationId: null, text: prompt, history });
    const route = asRoute(decision);
    if (decision.target === 'none') throw nothingCanAnswer(decision);
    if (decision.target === 'local') return { backend: new EngineBackend(engine, model), route };
    // This computer takes over when the provider fails mid-reply.
    return { backend: replySourceBackend(await needMarket().replySource({ kind: 'provider', fallback: 'local' })), route };
  };
}
