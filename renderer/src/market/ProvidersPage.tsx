/**
 * The Providers page: the models on the Morpheus marketplace and the bids
 * that offer them, ranked with price, score and each provider's record, and
 * what a typical reply would cost. Read from the core's market view, fresh
 * with each market.changed event, or now with Refresh.
 */
import type { HearthApi } from '../../../src/api/index.ts';
import { MarketStatusLine } from './MarketStatusLine.tsx';
import { ModelBids } from './ModelBids.tsx';
import { useMarketView } from './useMarketView.ts';
import './market.css';

export function ProvidersPage({ api }: { api: HearthApi }) {
  const { view, error, refreshing, refresh } = useMarketView(api);
  return (
    <main className="providers" data-testid="providers-page">
      <header className="providers__head">
        <h1>Providers</h1>
        {view !== null && view.status !== 'off' ? (
          <button type="button" className="button" onClick={() => void refresh()} disabled={refreshing} aria-busy={refreshing}>
            Refresh
          </button>
        ) : null}
      </header>
      <p className="providers__intro">
        Models offered on the Morpheus marketplace, and the providers that run them, best ranked first. A provider writes
        a reply only when you choose it in the chat; it is paid in MOR for each second of the reply.
      </p>
      <MarketStatusLine view={view} />
      {error ? (
        <p className="providers__status providers__status--failed" role="alert" data-testid="providers-error">
          <strong>{error.message}</strong> {error.action}
        </p>
      ) : null}
      {view?.status === 'ready' && view.models.length === 0 ? (
        <p className="providers__note" data-testid="market-empty">No models are offered on this marketplace yet.</p>
      ) : null}
      {view?.models.map((model) => <ModelBids key={model.id} model={model} />)}
    </main>
  );
}
