/** One open session: its provider, model, time left and stake, with Close; a failed close is said under it. */
import type { HearthApi, MarketSessionView } from '../../../src/api/index.ts';
import { formatMor, shortHex } from '../wallet/units.ts';
import { ErrorLine } from './ErrorLine.tsx';
import { timeLeft } from './session-times.ts';
import { usePageAction } from './usePageAction.ts';

export interface OpenSessionRowProps {
  api: HearthApi;
  session: MarketSessionView;
  nowSeconds: number;
  onClosed(): void;
}

export function OpenSessionRow({ api, session, nowSeconds, onClosed }: OpenSessionRowProps) {
  const { working, error, run } = usePageAction();
  const provider = shortHex(session.provider.address);
  // One still opening has nothing on the chain to close yet; one left closing may be closed again.
  const closable = session.sessionId !== null;

  const close = async () => {
    if (await run(() => api.call('sessions.close', { id: session.id }))) onClosed();
  };

  return (
    <>
      <tr data-testid="open-session">
        <td>
          <code title={session.provider.address}>{provider}</code>
          <div className="wallet-page__muted">{session.provider.endpoint}</div>
        </td>
        <td>{session.model.name}</td>
        <td data-testid="open-session-time-left">{timeLeft(session, nowSeconds)}</td>
        <td>{formatMor(session.stakeWei)}</td>
        <td>
          <button
            type="button" className="button" disabled={working || !closable} onClick={() => void close()}
            aria-label={`Close session with ${provider}`} data-testid="open-session-close"
          >
            {working ? 'Closing…' : 'Close'}
          </button>
        </td>
      </tr>
      {error ? (
        <tr>
          <td colSpan={5}>
            <ErrorLine error={error} testId="open-session-error" />
          </td>
        </tr>
      ) : null}
    </>
  );
}
