/** An error the Wallet page shows: its sentence, then what to do about it. */
import type { ErrorPayload } from '../../../src/api/index.ts';

export function ErrorLine({ error, testId }: { error: Pick<ErrorPayload, 'message' | 'action'>; testId: string }) {
  return (
    <p className="wallet-page__error" role="alert" data-testid={testId}>
      <strong>{error.message}</strong> {error.action}
    </p>
  );
}
