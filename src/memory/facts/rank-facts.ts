import type { EmbeddedFact } from '../../store/facts.ts';

/** Dot product of two L2-normalised vectors: their cosine similarity. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

const words = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []);

export interface RankedFact {
  fact: EmbeddedFact;
  /** Why it was chosen, for the "used memory" list under a reply. */
  reason: 'pinned' | 'meaning' | 'words';
  score: number;
}

export interface FactQuery {
  text: string;
  /** The question's embedding by `model`; null when no embedding model is loaded. */
  vector: Float32Array | null;
  model: string | null;
  limit: number;
  /** Below this cosine similarity a fact is not about the question. */
  minSimilarity?: number;
}

/**
 * The facts to put in a prompt: every pinned one, then the most relevant
 * others, by meaning where both sides have vectors from the same model,
 * else by shared words.
 */
export function rankFacts(facts: EmbeddedFact[], query: FactQuery): RankedFact[] {
  const pinned: RankedFact[] = facts.filter((fact) => fact.pinned).map((fact) => ({ fact, reason: 'pinned', score: 1 }));
  const queryWords = words(query.text);
  const minSimilarity = query.minSimilarity ?? 0.3;
  const others: RankedFact[] = [];
  for (const fact of facts) {
    if (fact.pinned) continue;
    if (query.vector && fact.vector && fact.vectorModel === query.model && fact.vector.length === query.vector.length) {
      const score = cosine(query.vector, fact.vector);
      if (score >= minSimilarity) others.push({ fact, reason: 'meaning', score });
      continue;
    }
    const shared = [...words(fact.text)].filter((word) => queryWords.has(word)).length;
    if (shared > 0) others.push({ fact, reason: 'words', score: shared / Math.max(queryWords.size, 1) });
  }
  others.sort((a, b) => b.score - a.score);
  return [...pinned, ...others.slice(0, Math.max(0, query.limit - pinned.length))];
}
