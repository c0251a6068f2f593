/** Runs an action for a page, keeping its failure as the error to show; the next action clears it first. */
import { useCallback, useState } from 'react';
import type { ErrorPayload } from '../../../src/api/index.ts';
import { asErrorPayload } from './callError.ts';

export function useAttempt() {
  const [error, setError] = useState<ErrorPayload | null>(null);
  /** Resolves true when the action succeeded, false when it failed (the reason is in `error`). */
  const attempt = useCallback(async (action: () => Promise<unknown>): Promise<boolean> => {
    setError(null);
    try {
      await action();
      return true;
    } catch (failure) {
      setError(asErrorPayload(failure));
      return false;
    }
  }, []);
  return { error, setError, attempt };
}
