/** The sessions of the last 30 days, in any state: with whom, what they cost, when, and their transactions. */
import type { MarketSessionView } from '../../../src/api/index.ts';
import { formatMor, shortHex } from '../wallet/units.ts';
import { isActive, isRecent, localTime, stateLabel } from './session-times.ts';
import { SessionTransactions } from './SessionTransactions.tsx';

function cost(session: MarketSessionView): string {
  if (session.costWei !== null) return formatMor(session.costWei);
  return isActive(session) ? 'not settled yet' : 'none recorded';
}

export function RecentSessions({ sessions, nowSeconds }: { sessions: MarketSessionView[]; nowSeconds: number }) {
  const recent = sessions.filter((session) => isRecent(session, nowSeconds));
  return (
    <section className="wallet-page__section" aria-labelledby="wallet-page-recent">
      <h2 id="wallet-page-recent">Last 30 days</h2>
      {recent.length === 0 ? (
        <p className="wallet-page__empty" data-testid="recent-sessions-empty">No sessions in the last 30 days.</p>
      ) : (
        <ul className="stack-list" data-testid="recent-sessions">
          {recent.map((session) => (
            <li key={session.id} className="wallet-page__card" data-testid="recent-session">
              <div>
                <strong>{session.model.name}</strong> with <code title={session.provider.address}>{shortHex(session.provider.address)}</code>{' '}
                <span className="wallet-page__muted">({session.provider.endpoint})</span>
              </div>
              <div className="wallet-page__muted">
                <span data-testid="recent-session-state">{stateLabel(session.state)}</span> · cost {cost(session)}
                {session.openedAt !== null ? ` · opened ${localTime(session.openedAt)}` : null}
                {session.closedAt !== null ? ` · closed ${localTime(session.closedAt)}` : null}
              </div>
              {session.error ? <p className="wallet-page__bad">Last error: {session.error}</p> : null}
              <SessionTransactions transactions={session.transactions} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
