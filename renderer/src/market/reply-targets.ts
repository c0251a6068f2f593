/**
 * The choices of where a chat reply is written, from the market as read:
 * this computer, the best ranked provider of a model, or one ranked bid.
 * Each choice has a stable value for the <select>, and a choice the market
 * no longer offers resolves to this computer, so what the control shows is
 * always where the next message goes.
 */
import type { MarketBidView, MarketModelView, MarketViewWire, ReplyTarget } from '../../../src/api/index.ts';
import { shortHex } from '../wallet/units.ts';
import { rankedBids } from './bid-ranking.ts';
import { pricePerSecond } from './format.ts';

export interface ReplyOption {
  value: string;
  label: string;
  /** Null for this computer. */
  target: Extract<ReplyTarget, { kind: 'provider' }> | null;
  model: MarketModelView | null;
  /** The bid the worst case is worked out on: the chosen one, or the model's best. */
  bid: MarketBidView | null;
}

export const LOCAL_VALUE = 'local';

const localOption: ReplyOption = { value: LOCAL_VALUE, label: 'This computer', target: null, model: null, bid: null };

/** The <select> value of a target; this computer for none. */
export function targetValue(target: ReplyTarget | null): string {
  if (target === null || target.kind === 'local') return LOCAL_VALUE;
  if (target.bidId !== undefined) return `bid:${target.bidId.toLowerCase()}`;
  return target.modelId !== undefined ? `model:${target.modelId.toLowerCase()}` : LOCAL_VALUE;
}

/** This computer, then, model by model, its best provider and each of its ranked bids. */
export function replyOptions(view: MarketViewWire | null): ReplyOption[] {
  const options = [localOption];
  if (view === null || view.status === 'off') return options;
  for (const model of view.models) {
    const ranked = rankedBids(model);
    const best = ranked[0];
    if (best === undefined) continue;
    const bestTarget = { kind: 'provider', modelId: model.id, fallback: 'next-bid' } as const;
    options.push({ value: targetValue(bestTarget), label: `Best provider: ${model.name}`, target: bestTarget, model, bid: best });
    for (const bid of ranked) {
      const target = { kind: 'provider', bidId: bid.id, modelId: model.id, fallback: 'next-bid' } as const;
      options.push({ value: targetValue(target), label: `${model.name} from ${shortHex(bid.provider)} at ${pricePerSecond(bid)}`, target, model, bid });
    }
  }
  return options;
}

/** The option a target stands for among those offered; this computer when the market no longer offers it. */
export function chosenOption(options: ReplyOption[], target: ReplyTarget | null): ReplyOption {
  const value = targetValue(target);
  return options.find((option) => option.value === value) ?? localOption;
}
