/** The person's provider sessions (newest first), listed again whenever the core says they changed. */
import { useEffect, useState } from 'react';
import type { HearthApi, MarketSessionView } from '../../../src/api/index.ts';

export interface SessionsState {
  /** Null until listed. */
  sessions: MarketSessionView[] | null;
  /** True when the latest listing failed. */
  failed: boolean;
}

export function useSessions(api: HearthApi): SessionsState {
  const [state, setState] = useState<SessionsState>({ sessions: null, failed: false });

  useEffect(() => {
    let active = true;
    // Each listing is numbered, so that a slow answer never overwrites a newer one.
    let latest = 0;
    const list = () => {
      const mine = ++latest;
      api.call('sessions.list', {}).then(
        (sessions) => active && mine === latest && setState({ sessions, failed: false }),
        () => active && mine === latest && setState((current) => ({ ...current, failed: true })),
      );
    };
    list();
    const off = api.on('sessions.changed', list);
    return () => {
      active = false;
      off();
    };
  }, [api]);

  return state;
}
