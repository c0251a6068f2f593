import { describe, expect, it } from 'vitest';
import { fuseRankings, RRF_K } from '../../src/memory/retrieval/rrf.ts';

describe('reciprocal rank fusion', () => {
  it('scores each item by the sum of 1/(60 + rank) over the lists that hold it', () => {
    const fused = fuseRankings([
      ['a', 'b', 'c'],
      ['c', 'a'],
    ]);
    expect(RRF_K).toBe(60);
    expect(fused.map((item) => item.id)).toEqual(['a', 'c', 'b']);
    expect(fused[0]).toEqual({ id: 'a', score: 1 / 61 + 1 / 62, ranks: [1, 2] });
    expect(fused[1]).toEqual({ id: 'c', score: 1 / 63 + 1 / 61, ranks: [3, 1] });
    expect(fused[2]).toEqual({ id: 'b', score: 1 / 62, ranks: [2, null] });
  });

  it('puts an item both lists found above items only one list ranked first', () => {
    const fused = fuseRankings([
      ['keyword-only', 'both'],
      ['vector-only', 'both'],
    ]);
    expect(fused.map((item) => item.id)).toEqual(['both', 'keyword-only', 'vector-only']);
  });

  it('breaks ties by the better best rank, then by the order items were met', () => {
    // 'p' and 'q' are each ranked 1 and 2: equal scores, equal best ranks, so 'p', met first, leads.
    const tied = fuseRankings([['p', 'q'], ['q', 'p']]);
    expect(tied.map((item) => item.id)).toEqual(['p', 'q']);
    expect(tied[0]!.score).toBe(tied[1]!.score);
    // With k = 0 every item scores exactly 1; 'y' (ranks 2 and 2) was met before 'x' (rank 1) but has the worse best rank.
    const byBestRank = fuseRankings([['a', 'y'], ['b', 'y'], ['x']], 0);
    expect(byBestRank.map((item) => item.score)).toEqual([1, 1, 1, 1]);
    expect(byBestRank.map((item) => item.id)).toEqual(['a', 'b', 'x', 'y']);
  });

  it('counts an id repeated within one list only at its first place, and handles no lists', () => {
    const fused = fuseRankings([['a', 'a', 'b']]);
    expect(fused).toEqual([
      { id: 'a', score: 1 / 61, ranks: [1] },
      { id: 'b', score: 1 / 63, ranks: [3] },
    ]);
    expect(fuseRankings([])).toEqual([]);
    expect(fuseRankings([[], []])).toEqual([]);
  });

  it('takes another k', () => {
    expect(fuseRankings([[7]], 0)[0]!.score).toBe(1);
  });
});
