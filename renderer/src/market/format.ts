/** How the Providers page and the chat word the market's numbers. */
import type { MarketBidView } from '../../../src/api/index.ts';
import { formatMor } from '../wallet/units.ts';

/** "14:05", on this computer's clock, from ms since the epoch. */
export function clockTime(ms: number): string {
  const date = new Date(ms);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** "0.0003 MOR/s". */
export const pricePerSecond = (bid: Pick<MarketBidView, 'pricePerSecondWei'>): string => `${formatMor(bid.pricePerSecondWei)}/s`;

/** The provider's record for the model: speed, wait for the first token, and replies that succeeded. */
export function statsText(stats: MarketBidView['stats']): string {
  if (stats.totalCount === 0 && stats.tokensPerSecond === 0) return 'No replies on record yet';
  return `${stats.tokensPerSecond.toFixed(1)} tok/s · TTFT ${Math.round(stats.ttftMs)} ms · ${stats.successCount}/${stats.totalCount} replies`;
}
