import { describe, expect, it } from 'vitest';
import { cleanProposals } from '../../src/memory/facts/propose-facts.ts';
import { rankFacts } from '../../src/memory/facts/rank-facts.ts';
import type { EmbeddedFact } from '../../src/store/facts.ts';

function unit(values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values, (value) => value / norm);
}

function fact(id: string, text: string, options: Partial<EmbeddedFact> = {}): EmbeddedFact {
  return { id, text, sourceMessageId: null, pinned: false, private: false, createdAt: 0, updatedAt: 0, vector: null, vectorModel: null, ...options };
}

describe('choosing which memories go into a prompt', () => {
  const facts = [
    fact('pinned', 'The user is called Ada.', { pinned: true }),
    fact('cats', 'The user has two cats.', { vector: unit([1, 0, 0]), vectorModel: 'm' }),
    fact('rust', 'The user writes Rust at work.', { vector: unit([0, 1, 0]), vectorModel: 'm' }),
    fact('garden', 'The user grows tomatoes in the garden.'),
  ];

  it('always includes pinned facts, then the closest by meaning, and leaves out unrelated ones', () => {
    const ranked = rankFacts(facts, { text: 'what pet food should I buy', vector: unit([0.9, 0.1, 0]), model: 'm', limit: 3 });
    expect(ranked.map((entry) => [entry.fact.id, entry.reason])).toEqual([
      ['pinned', 'pinned'],
      ['cats', 'meaning'],
    ]);
  });

  it('ranks by shared words where there are no vectors, or vectors of another model', () => {
    const ranked = rankFacts(facts, { text: 'Which tomatoes for my garden?', vector: unit([0, 1, 0]), model: 'other', limit: 5 });
    expect(ranked.map((entry) => entry.fact.id)).toEqual(['pinned', 'garden']);
    expect(ranked[1]?.reason).toBe('words');
  });

  it('keeps to the limit', () => {
    const ranked = rankFacts(facts, { text: 'cats rust garden', vector: unit([1, 1, 0]), model: 'm', limit: 2 });
    expect(ranked).toHaveLength(2);
  });
});

describe('what the model proposes to remember', () => {
  it('keeps trimmed strings, drops repeats, facts already kept, empty and overlong ones', () => {
    const value = { facts: ['  The user likes tea. ', 'the user likes  tea.', 42, '', 'The user is called Ada.', 'x'.repeat(501), 'The user lives in Oslo.'] };
    expect(cleanProposals(value, ['The user is called Ada.'])).toEqual(['The user likes tea.', 'The user lives in Oslo.']);
  });

  it('drops proposals without a letter or digit, in any script', () => {
    expect(cleanProposals({ facts: ['.', ' -- ', '…', 'Живёт в Осло.', '42'] }, [])).toEqual(['Живёт в Осло.', '42']);
  });

  it('treats an answer of the wrong shape as no proposals', () => {
    expect(cleanProposals(null, [])).toEqual([]);
    expect(cleanProposals({ facts: 'tea' }, [])).toEqual([]);
  });
});
