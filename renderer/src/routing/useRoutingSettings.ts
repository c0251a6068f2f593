/** The person's routing mode and cost threshold, as the core last said, kept fresh by routing.changed events. */
import { useEffect, useState } from 'react';
import type { ErrorPayload, HearthApi, RoutingSettings } from '../../../src/api/index.ts';
import { asErrorPayload } from '../bridge/callError.ts';

export interface RoutingSettingsView {
  /** Null until the first answer. */
  settings: RoutingSettings | null;
  error: ErrorPayload | null;
}

export function useRoutingSettings(api: HearthApi): RoutingSettingsView {
  const [settings, setSettings] = useState<RoutingSettings | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);

  useEffect(() => {
    let active = true;
    // An event sent while the first call was answered is newer than its answer.
    let changed = false;
    api.call('routing.get', {}).then(
      (first) => active && !changed && setSettings(first),
      (failure: unknown) => active && setError(asErrorPayload(failure)),
    );
    const off = api.on('routing.changed', (next) => {
      changed = true;
      setError(null);
      setSettings(next);
    });
    return () => {
      active = false;
      off();
    };
  }, [api]);

  return { settings, error };
}
