/** Which sessions the Wallet page lists where, and their times in words. */
import type { MarketSessionView } from '../../../src/api/index.ts';

type SessionState = MarketSessionView['state'];

const activeStates: readonly SessionState[] = ['opening', 'open', 'closing'];

/** Open, or on its way to open or closed: it holds a stake and may be closed. */
export const isActive = (session: Pick<MarketSessionView, 'state'>): boolean => activeStates.includes(session.state);

const stateLabels: Record<SessionState, string> = {
  opening: 'Opening', open: 'Open', closing: 'Closing', closed: 'Closed', expired: 'Expired', failed: 'Failed',
};

export const stateLabel = (state: SessionState): string => stateLabels[state];

/** Whether a session opened or closed in the last `days` days; one not opened yet is happening now. */
export function isRecent(session: Pick<MarketSessionView, 'openedAt' | 'closedAt'>, nowSeconds: number, days = 30): boolean {
  const latest = Math.max(session.openedAt ?? -Infinity, session.closedAt ?? -Infinity);
  return latest === -Infinity || latest >= nowSeconds - days * 86_400;
}

/** What is left of an open session's paid time: "12 min", "under 1 min", "ended". */
export function timeLeft(session: Pick<MarketSessionView, 'state' | 'endsAt'>, nowSeconds: number): string {
  if (session.state === 'opening') return 'opening…';
  if (session.state === 'closing') return 'closing…';
  if (session.endsAt === null) return 'unknown';
  const seconds = session.endsAt - nowSeconds;
  if (seconds <= 0) return 'ended';
  return seconds < 60 ? 'under 1 min' : `${Math.floor(seconds / 60)} min`;
}

/** A chain time (seconds) in the person's local date and time. */
export const localTime = (seconds: number): string => new Date(seconds * 1000).toLocaleString();
