import { describe, expect, it } from 'vitest';
import { toRetrievalMatchQuery } from '../../src/memory/retrieval/match-query.ts';

describe('retrieval keyword queries from free text', () => {
  it('quotes each distinct word, drops very common words and ORs the rest', () => {
    expect(toRetrievalMatchQuery('What did the Keeper say about the storm? The keeper!')).toBe('"keeper" OR "say" OR "storm"');
  });

  it('keeps common words, ANDed, when nothing else is left', () => {
    expect(toRetrievalMatchQuery('To be or not to be')).toBe('"to" AND "be" AND "or" AND "not"');
  });

  it('leaves out words the index says are frequent, and searches no words when all are', () => {
    const frequent = new Set(['time', 'people', 'what', 'are', 'the']);
    const isFrequent = (word: string) => frequent.has(word);
    expect(toRetrievalMatchQuery('the time people spent on zeppelins', isFrequent)).toBe('"spent" OR "zeppelins"');
    expect(toRetrievalMatchQuery('what time are the people', isFrequent)).toBeNull();
    expect(toRetrievalMatchQuery('what are the', isFrequent)).toBeNull();
    expect(toRetrievalMatchQuery('what is the', isFrequent)).toBe('"what" AND "is" AND "the"');
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
