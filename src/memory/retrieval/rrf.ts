/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher, 2009): each ranked
 * list gives an item 1 / (k + rank), rank counted from 1, and the item's
 * score is the sum over the lists that hold it. Only ranks matter, so lists
 * whose scores are on different scales (bm25, cosine) fuse without tuning.
 */

/** The constant of the original paper; it damps the weight of the very first ranks. */
export const RRF_K = 60;

export interface FusedItem<Id> {
  id: Id;
  score: number;
  /** The item's rank in each input list, in the order the lists were given; null where a list lacks it. */
  ranks: (number | null)[];
}

/**
 * Fuses ranked lists of ids, best first. Ties (equal scores) go to the item
 * with the better best rank, then to the one met first, so the order is
 * deterministic. A list that repeats an id counts only its first place.
 */
export function fuseRankings<Id>(lists: readonly (readonly Id[])[], k: number = RRF_K): FusedItem<Id>[] {
  const items = new Map<Id, FusedItem<Id> & { bestRank: number; seen: number }>();
  lists.forEach((list, listIndex) => {
    list.forEach((id, index) => {
      const rank = index + 1;
      let item = items.get(id);
      if (!item) {
        item = { id, score: 0, ranks: lists.map(() => null), bestRank: rank, seen: items.size };
        items.set(id, item);
      }
      if (item.ranks[listIndex] !== null) return;
      item.ranks[listIndex] = rank;
      item.score += 1 / (k + rank);
      item.bestRank = Math.min(item.bestRank, rank);
    });
  });
  return [...items.values()]
    .sort((a, b) => b.score - a.score || a.bestRank - b.bestRank || a.seen - b.seen)
    .map(({ id, score, ranks }) => ({ id, score, ranks }));
}
