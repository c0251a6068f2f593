/** Problems with Hearth as a whole: a lost connection, a missing token, an app-level error. */
import type { ErrorPayload } from '../../../src/api/index.ts';
import type { ConnectionInfo } from '../bridge/wsClient.ts';

export interface BannersProps {
  connection: ConnectionInfo | null;
  hasToken: boolean;
  error: ErrorPayload | null;
  onDismissError(): void;
}

export function Banners({ connection, hasToken, error, onDismissError }: BannersProps) {
  return (
    <div className="banners">
      {!hasToken ? (
        <p className="banner banner--error" data-testid="connection-banner" role="alert">
          This page was opened without Hearth&apos;s access token. Open the address Hearth printed when it started.
        </p>
      ) : null}
      {connection?.state === 'reconnecting' ? (
        <p className="banner banner--warning" data-testid="connection-banner" role="alert">
          {connection.everConnected
            ? 'Connection to Hearth lost — reconnecting…'
            : 'Cannot reach Hearth yet — retrying…'}
          {connection.failedAttempts >= 3
            ? ' If Hearth was stopped, start it again and open the new address it prints (it carries a new access token).'
            : null}
        </p>
      ) : null}
      {error !== null ? (
        <div className="banner banner--error" data-testid="error-banner" role="alert">
          <p>
            <strong>{error.message}</strong> {error.action}
          </p>
          <button type="button" className="button button--quiet" onClick={onDismissError} aria-label="Dismiss">
            Dismiss
          </button>
        </div>
      ) : null}
    </div>
  );
}
