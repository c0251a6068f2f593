/** The session allowance: what it lets Hearth's session key do, and the form to set it or the key that holds it. */
import type { HearthApi, WalletStatus } from '../../../src/api/index.ts';
import { GrantAllowanceForm } from './GrantAllowanceForm.tsx';
import { SessionKeyView } from './SessionKeyView.tsx';

export function AllowanceSection({ api, status, onStatus }: { api: HearthApi; status: WalletStatus; onStatus(status: WalletStatus): void }) {
  return (
    <section className="wallet-page__section" aria-labelledby="wallet-page-allowance">
      <h2 id="wallet-page-allowance">Session allowance</h2>
      <p className="wallet-page__intro">
        With a session allowance, Hearth&rsquo;s own session key opens and closes Morpheus sessions for your wallet without asking
        you each time. It cannot move your wallet&rsquo;s MOR beyond the cap you set.
      </p>
      {status.agent?.delegated ? (
        <SessionKeyView api={api} agent={status.agent} connected={status.connected} onStatus={onStatus} />
      ) : (
        <GrantAllowanceForm api={api} connected={status.connected} onStatus={onStatus} />
      )}
    </section>
  );
}
