/** One action of the Wallet page at a time: whether it is running, and why the last one failed. */
import { useCallback, useState } from 'react';
import { useAttempt } from '../bridge/useAttempt.ts';

export function usePageAction() {
  const { error, attempt } = useAttempt();
  const [working, setWorking] = useState(false);
  /** Resolves true when the action succeeded; a failure is kept in `error`. */
  const run = useCallback(
    async (action: () => Promise<unknown>): Promise<boolean> => {
      setWorking(true);
      try {
        return await attempt(action);
      } finally {
        setWorking(false);
      }
    },
    [attempt],
  );
  return { working, error, run };
}
