/**
 * Bids in the order a Morpheus router would try them: best score first.
 * A bid whose score is not a finite number (priced at 0) cannot be ranked
 * and is returned apart, as Morpheus's router leaves it out. Ties keep the
 * order the bids came in, so a ranking read twice from the same chain is the
 * same.
 */
import { defaultWeights, scoreBid, type ScoreInput, type ScoreWeights } from './default-scorer.ts';

export interface Ranked<T> { bid: T; score: number }

export function rankBids<T>(bids: readonly T[], inputOf: (bid: T) => ScoreInput, weights: ScoreWeights = defaultWeights): { ranked: Ranked<T>[]; unscored: T[] } {
  const ranked: Ranked<T>[] = [];
  const unscored: T[] = [];
  for (const bid of bids) {
    const score = scoreBid(inputOf(bid), weights);
    if (Number.isFinite(score)) ranked.push({ bid, score });
    else unscored.push(bid);
  }
  ranked.sort((a, b) => b.score - a.score);
  return { ranked, unscored };
}
