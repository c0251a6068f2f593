/** Where the market read stands: not configured, being read, read at a time, or failed (its last models still shown). */
import type { MarketViewWire } from '../../../src/api/index.ts';
import { clockTime } from './format.ts';

export function MarketStatusLine({ view }: { view: MarketViewWire | null }) {
  if (view === null) return null;
  const readAt = view.readAt === null ? null : clockTime(view.readAt);
  switch (view.status) {
    case 'off':
      return (
        <p className="providers__status" data-testid="market-status">
          No marketplace is configured: chat stays on this computer.
        </p>
      );
    case 'reading':
      return (
        <p className="providers__status" role="status" data-testid="market-status">
          Reading the marketplace…
        </p>
      );
    case 'ready':
      return (
        <p className="providers__status" role="status" data-testid="market-status">
          {view.chainId === null ? 'Marketplace' : `Marketplace on chain ${view.chainId}`}
          {readAt === null ? ' read.' : `, read at ${readAt}.`}
        </p>
      );
    case 'failed':
      return (
        <p className="providers__status providers__status--failed" role="alert" data-testid="market-status">
          <strong>{view.error?.message ?? 'The marketplace could not be read.'}</strong> {view.error?.action}
          {readAt === null ? null : ` Showing the models as read at ${readAt}.`}
        </p>
      );
  }
}
