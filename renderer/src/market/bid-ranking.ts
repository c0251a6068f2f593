/**
 * Which bids the chat may be sent to: those with a score. A bid whose
 * provider failed recently keeps its place in the read but loses its score,
 * so the ranked ones are picked out by score, in the order given (best first).
 */
import type { MarketBidView, MarketModelView } from '../../../src/api/index.ts';

export const isRanked = (bid: MarketBidView): boolean => bid.score !== null;

export const rankedBids = (model: MarketModelView): MarketBidView[] => model.bids.filter(isRanked);

/** Ranked bids first, best first, then those left out, each in the order given. */
export const rankedFirst = (model: MarketModelView): MarketBidView[] => [...rankedBids(model), ...model.bids.filter((bid) => !isRanked(bid))];
