/** The sessions open now (or opening or closing), with the time each has left, counted down as the page's clock ticks. */
import type { HearthApi, MarketSessionView } from '../../../src/api/index.ts';
import { OpenSessionRow } from './OpenSessionRow.tsx';
import { isActive } from './session-times.ts';

export interface OpenSessionsProps {
  api: HearthApi;
  sessions: MarketSessionView[];
  nowSeconds: number;
  onChanged(): void;
}

export function OpenSessions({ api, sessions, nowSeconds, onChanged }: OpenSessionsProps) {
  const open = sessions.filter(isActive);
  return (
    <section className="wallet-page__section" aria-labelledby="wallet-page-open">
      <h2 id="wallet-page-open">Open sessions</h2>
      {open.length === 0 ? (
        <p className="wallet-page__empty" data-testid="open-sessions-empty">No sessions are open.</p>
      ) : (
        <table className="wallet-page__table" data-testid="open-sessions">
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Model</th>
              <th scope="col">Time left</th>
              <th scope="col">MOR staked</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {open.map((session) => (
              <OpenSessionRow key={session.id} api={api} session={session} nowSeconds={nowSeconds} onClosed={onChanged} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
