/**
 * What else a user's data folder holds besides documents, for the context
 * benchmark: memory facts with embeddings, and conversations with earlier
 * turns (one with a pinned document).
 */
import type { Store } from '../../src/store/store.ts';
import type { Corpus } from './synthetic-corpus.ts';

export interface MemoryShape {
  facts: number;
  /** Facts pinned by the user: always in the prompt. */
  pinnedFacts: number;
  dimensions: number;
  model: string;
  conversations: number;
  /** Earlier question and answer pairs in each conversation. */
  earlierTurns: number;
}

/**
 * Facts of one sentence each; every fourth lies near one of `nearVectors`
 * (a question's), so some are chosen by meaning as in real use.
 */
export function seedFacts(store: Store, corpus: Corpus, shape: MemoryShape, nearVectors: readonly Float32Array[]): void {
  store.db.transaction(() => {
    for (let n = 0; n < shape.facts; n++) {
      const fact = store.facts.add(corpus.paragraph(1), null, n < shape.pinnedFacts);
      const vector = n % 4 === 0
        ? corpus.nearbyUnitVector(nearVectors[Math.floor(corpus.random() * nearVectors.length)]!, 1)
        : corpus.randomUnitVector(shape.dimensions);
      store.facts.setVector(fact.id, fact.text, vector, shape.model);
    }
  })();
}

/** Conversations with earlier turns; the first has `pinnedDocumentId` pinned. Returns their ids. */
export function seedConversations(store: Store, corpus: Corpus, shape: MemoryShape, pinnedDocumentId: string): string[] {
  return store.db.transaction(() => {
    const ids: string[] = [];
    for (let c = 0; c < shape.conversations; c++) {
      const { id } = store.conversations.create(`Conversation ${c}`);
      for (let turn = 0; turn < shape.earlierTurns; turn++) {
        store.messages.insert({ conversationId: id, role: 'user', content: corpus.paragraph(1), status: 'complete' });
        store.messages.insert({ conversationId: id, role: 'assistant', content: corpus.paragraph(5), status: 'complete', model: 'earlier' });
      }
      ids.push(id);
    }
    store.documents.setPinned(ids[0]!, pinnedDocumentId, true);
    return ids;
  })();
}
