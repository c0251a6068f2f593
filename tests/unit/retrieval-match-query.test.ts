import { describe, expect, it } from 'vitest';
import { toRetrievalMatchQuery } from '../../src/memory/retrieval/match-query.ts';

describe('retrieval keyword queries from free text', () => {
  it('quotes each distinct word, drops very common words and ORs the rest', () => {
    expect(toRetrievalMatchQuery('What did the Keeper say about the storm? The keeper!')).toBe('"keeper" OR "say" OR "storm"');
  });

  it('keeps common words, ANDed, when nothing else is left', () => {
    expect(toRetrievalMatchQuery('To be or not to be')).toBe('"to" AND "be" AND "or" AND "not"');
  });

  it('takes words rarest first while the chunks they match fit the budget, and searches no words when none fits', () => {
    const counts: Record<string, number> = { time: 900, people: 800, what: 5000, are: 5000, the: 9000, spent: 40, zeppelins: 2, is: 50 };
    const postings = { postingsOf: (word: string) => counts[word] ?? 0, budget: 100, frequentAbove: 1000 };
    expect(toRetrievalMatchQuery('the time people spent on zeppelins', postings)).toBe('"zeppelins" OR "spent"');
    expect(toRetrievalMatchQuery('the time people spent on zeppelins', { ...postings, budget: 1000 })).toBe('"zeppelins" OR "spent" OR "people"');
    expect(toRetrievalMatchQuery('what time are the people', postings)).toBeNull();
    expect(toRetrievalMatchQuery('what are the', postings)).toBeNull();
    expect(toRetrievalMatchQuery('is the', { ...postings, budget: 60 })).toBe('"is" AND "the"');
    // Within the budget, a word most of the library holds is still left out: it tells no chunk apart.
    expect(toRetrievalMatchQuery('the time people spent on zeppelins', { ...postings, budget: 5000, frequentAbove: 850 })).toBe('"zeppelins" OR "spent" OR "people"');
  });

  it('leaves out words no chunk holds, as they match nothing', () => {
    const postings = { postingsOf: (word: string) => (word === 'lighthouse' ? 3 : 0), budget: 100, frequentAbove: 1000 };
    expect(toRetrievalMatchQuery('the lighthouse of qwzx', postings)).toBe('"lighthouse"');
    expect(toRetrievalMatchQuery('qwzx', postings)).toBeNull();
  });

  it('reads operators, quotes and brackets as plain words or not at all', () => {
    expect(toRetrievalMatchQuery('NEAR(lamp "oil" AND wick*')).toBe('"near" OR "lamp" OR "oil" OR "wick"');
    expect(toRetrievalMatchQuery('col:value -x ^y')).toBe('"col" OR "value" OR "x" OR "y"');
  });

  it('returns null for text with no words', () => {
    for (const text of ['', '   ', '"', '*', '🔥🔥', '((', '-- ^ :']) expect(toRetrievalMatchQuery(text)).toBeNull();
  });

  it('keeps letters of any script and caps the number of words', () => {
    expect(toRetrievalMatchQuery('café Größe 東京')).toBe('"café" OR "größe" OR "東京"');
    const many = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    expect(toRetrievalMatchQuery(many)!.split(' OR ')).toHaveLength(16);
  });
});
