/**
 * The choices of where a chat reply is written, from the market as read:
 * Hearth deciding per message, this computer, the best ranked provider of a
 * model, or one ranked bid. Each choice has a stable value for the
 * <select>; with no choice made the first one offered is the default, and a
 * choice no longer offered resolves to this computer, so what the control
 * shows is always where the next message goes.
 */
import type { MarketBidView, MarketModelView, MarketViewWire, ReplyTarget } from '../../../src/api/index.ts';
import { shortHex } from '../wallet/units.ts';
import { rankedBids } from './bid-ranking.ts';
import { pricePerSecond } from './format.ts';

type ProviderTarget = Extract<ReplyTarget, { kind: 'provider' }>;

export interface ReplyOption {
  value: string;
  label: string;
  target: ReplyTarget;
  model: MarketModelView | null;
  /** The bid the worst case is worked out on: the chosen one, or the model's best; null for this computer and Automatic. */
  bid: MarketBidView | null;
}

/** What may be offered beside this computer. */
export interface ReplyOffer {
  /** "Automatic — Hearth decides": not in local-only mode. */
  automatic: boolean;
  /** Providers by name: not in local-only mode, nor in a private conversation. */
  providers: boolean;
}

export const LOCAL_VALUE = 'local';
export const AUTO_VALUE = 'auto';

const localOption: ReplyOption = { value: LOCAL_VALUE, label: 'This computer', target: { kind: 'local' }, model: null, bid: null };
const autoOption: ReplyOption = { value: AUTO_VALUE, label: 'Automatic — Hearth decides', target: { kind: 'auto', confirmed: false }, model: null, bid: null };

/** The <select> value of a target; null for no choice made. */
export function targetValue(target: ReplyTarget | null): string | null {
  if (target === null) return null;
  if (target.kind === 'local') return LOCAL_VALUE;
  if (target.kind === 'auto') return AUTO_VALUE;
  if (target.bidId !== undefined) return `bid:${target.bidId.toLowerCase()}`;
  return target.modelId !== undefined ? `model:${target.modelId.toLowerCase()}` : LOCAL_VALUE;
}

function providerOptions(view: MarketViewWire): ReplyOption[] {
  const options: ReplyOption[] = [];
  for (const model of view.models) {
    const ranked = rankedBids(model);
    const best = ranked[0];
    if (best === undefined) continue;
    const bestTarget: ProviderTarget = { kind: 'provider', modelId: model.id, fallback: 'next-bid' };
    options.push({ value: targetValue(bestTarget)!, label: `Best provider: ${model.name}`, target: bestTarget, model, bid: best });
    for (const bid of ranked) {
      const target: ProviderTarget = { kind: 'provider', bidId: bid.id, modelId: model.id, fallback: 'next-bid' };
      options.push({ value: targetValue(target)!, label: `${model.name} from ${shortHex(bid.provider)} at ${pricePerSecond(bid)}`, target, model, bid });
    }
  }
  return options;
}

/** Automatic (where offered), this computer, then, model by model, its best provider and each of its ranked bids. */
export function replyOptions(view: MarketViewWire | null, offer: ReplyOffer): ReplyOption[] {
  if (view === null || view.status === 'off') return [localOption];
  return [...(offer.automatic ? [autoOption] : []), localOption, ...(offer.providers ? providerOptions(view) : [])];
}

/** The option a target stands for among those offered: the first (the default) for no choice, this computer for one no longer offered. */
export function chosenOption(options: ReplyOption[], target: ReplyTarget | null): ReplyOption {
  const value = targetValue(target);
  if (value === null) return options[0] ?? localOption;
  return options.find((option) => option.value === value) ?? localOption;
}
