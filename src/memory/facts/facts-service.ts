import type { EventName, EventPayload, FactProposal, MemoryFact } from '../../api/contract.ts';
import { HearthError } from '../../api/errors.ts';
import type { EmbeddedFact, FactChange, FactRepository } from '../../store/facts.ts';
import type { MessageRepository } from '../../store/messages.ts';
import { cleanProposals, proposalPrompt, proposalSchema, proposalSystemPrompt } from './propose-facts.ts';
import { rankFacts, type FactQuery, type RankedFact } from './rank-facts.ts';

/** What the facts need from the inference engine; the engine implements it. */
export interface FactModel {
  /** Null while no embedding model is loaded: facts are then ranked by shared words. */
  embed(texts: string[]): Promise<{ vectors: Float32Array[]; model: string } | null>;
  generateJson(request: { prompt: string; systemPrompt: string; schema: typeof proposalSchema; maxTokens: number }): Promise<unknown>;
}

export interface FactsServiceOptions {
  facts: FactRepository;
  messages: MessageRepository;
  model: FactModel;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
}

/** Room for five facts at their longest, even for a model whose tokens are a character or two. */
const proposalMaxTokens = 768;

/** Long-term memory: facts the user keeps, and proposals the local model makes that the user may accept. */
export function createFactsService({ facts, messages, model, emit }: FactsServiceOptions) {
  // Every reply ranks every fact: decoding their vectors once per change, not once per message, keeps that cheap.
  let embeddedFacts: EmbeddedFact[] | null = null;
  const changed = () => {
    embeddedFacts = null;
    emit('memory.changed', {});
  };

  /** Embeds in the background; a fact without a vector is still found by its words. */
  async function embed(fact: MemoryFact): Promise<void> {
    try {
      const embedded = await model.embed([fact.text]);
      if (embedded) {
        facts.setVector(fact.id, fact.text, embedded.vectors[0]!, embedded.model);
        embeddedFacts = null;
      }
    } catch {
      // The embedder may be loading or restarting: the fact keeps working by keywords until re-embedded.
    }
  }

  return {
    list: (): MemoryFact[] => facts.list(),
    add(text: string, sourceMessageId: string | null, pinned: boolean, isPrivate = false): MemoryFact {
      if (sourceMessageId !== null && !messages.get(sourceMessageId)) throw new HearthError('NOT_FOUND');
      const fact = facts.add(text, sourceMessageId, pinned, isPrivate);
      changed();
      void embed(fact);
      return fact;
    },
    update(id: string, change: FactChange): MemoryFact {
      const fact = facts.update(id, change);
      if (!fact) throw new HearthError('NOT_FOUND', { message: 'That memory no longer exists.', action: 'Open the Memory page again to see the memories you have now.' });
      changed();
      if (change.text !== undefined) void embed(fact);
      return fact;
    },
    delete(id: string): { deleted: boolean } {
      const deleted = facts.delete(id);
      if (deleted) changed();
      return { deleted };
    },
    async propose(conversationId: string): Promise<{ proposals: FactProposal[] }> {
      const history = messages.listByConversation(conversationId);
      const lastUserMessage = history.filter((message) => message.role === 'user').at(-1);
      if (!lastUserMessage) throw new HearthError('NOT_FOUND');
      const value = await model.generateJson({
        prompt: proposalPrompt(history),
        systemPrompt: proposalSystemPrompt,
        schema: proposalSchema,
        maxTokens: proposalMaxTokens,
      });
      const known = facts.list().map((fact) => fact.text);
      return { proposals: cleanProposals(value, known).map((text) => ({ text, sourceMessageId: lastUserMessage.id })) };
    },
    /** Embeds facts that have no vector, or one from another embedding model than `model`. */
    async embedStale(model: string): Promise<void> {
      for (const fact of facts.listEmbedded()) {
        if (fact.vector === null || fact.vectorModel !== model) await embed(fact);
      }
    },
    relevant(query: FactQuery): RankedFact[] {
      embeddedFacts ??= facts.listEmbedded();
      return rankFacts(embeddedFacts, query);
    },
  };
}

export type FactsService = ReturnType<typeof createFactsService>;
