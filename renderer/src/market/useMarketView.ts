/** The market as the core last read it, kept fresh by market.changed events, with a way to read it again now. */
import { useCallback, useEffect, useState } from 'react';
import type { ErrorPayload, HearthApi, MarketViewWire } from '../../../src/api/index.ts';
import { asErrorPayload } from '../bridge/callError.ts';
import { useAttempt } from '../bridge/useAttempt.ts';

export interface MarketViewController {
  /** Null until the first answer. */
  view: MarketViewWire | null;
  /** Why the view could not be had or refreshed (the market's own read errors are in view.error). */
  error: ErrorPayload | null;
  refreshing: boolean;
  refresh(): Promise<void>;
}

export function useMarketView(api: HearthApi): MarketViewController {
  const [view, setView] = useState<MarketViewWire | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const { error, setError, attempt } = useAttempt();

  useEffect(() => {
    let active = true;
    // An event sent while the first call was answered is newer than its answer.
    let changed = false;
    api.call('market.view', {}).then(
      (first) => active && !changed && setView(first),
      (failure: unknown) => active && setError(asErrorPayload(failure)),
    );
    const off = api.on('market.changed', (next) => {
      changed = true;
      setView(next);
    });
    return () => {
      active = false;
      off();
    };
  }, [api, setError]);

  const refresh = useCallback(async () => {
    setRefreshing(true);
    await attempt(async () => setView(await api.call('market.refresh', {})));
    setRefreshing(false);
  }, [api, attempt]);

  return { view, error, refreshing, refresh };
}
