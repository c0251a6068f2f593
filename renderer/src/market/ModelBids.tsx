/** One model on the market: its name and tags, and its bids, ranked ones first (best first), then those left out. */
import { useId } from 'react';
import type { MarketModelView } from '../../../src/api/index.ts';
import { rankedFirst } from './bid-ranking.ts';
import { BidRow } from './BidRow.tsx';

export function ModelBids({ model }: { model: MarketModelView }) {
  const headingId = useId();
  const bids = rankedFirst(model);
  return (
    <section className="market-model" aria-labelledby={headingId} data-testid="market-model">
      <header className="market-model__head">
        <h2 id={headingId}>{model.name}</h2>
        {model.tags.length > 0 ? (
          <ul className="market-model__tags" aria-label="Tags">
            {model.tags.map((tag) => (
              <li key={tag} className="badge">
                {tag}
              </li>
            ))}
          </ul>
        ) : null}
      </header>
      {bids.length === 0 ? (
        <p className="providers__note">No provider offers this model now.</p>
      ) : (
        <div className="market-model__table-wrap">
          <table className="market-model__bids">
            <caption className="visually-hidden">Bids for {model.name}, ranked first (best first), then those left out</caption>
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Price</th>
                <th scope="col">Typical reply</th>
                <th scope="col">Score</th>
                <th scope="col">Record</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {bids.map((bid) => (
                <BidRow key={bid.id} bid={bid} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
