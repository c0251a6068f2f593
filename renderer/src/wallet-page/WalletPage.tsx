/**
 * The Wallet page: the connected wallet and its balances, where questions
 * run (this computer or a provider), the WalletConnect
 * project id a phone wallet connects with, the session allowance, spend
 * limits, open sessions, stakes on hold, the sessions of the last 30 days
 * and what they cost each day.
 */
import type { HearthApi, WalletStatus } from '../../../src/api/index.ts';
import { AllowanceSection } from './AllowanceSection.tsx';
import { ErrorLine } from './ErrorLine.tsx';
import { HeldStakes } from './HeldStakes.tsx';
import { LimitsSection } from './LimitsSection.tsx';
import { OpenSessions } from './OpenSessions.tsx';
import { RecentSessions } from './RecentSessions.tsx';
import { RoutingSection } from './RoutingSection.tsx';
import { SpendChart } from './SpendChart.tsx';
import { WalletConnectSection } from './WalletConnectSection.tsx';
import { useWallet } from '../wallet/wallet-context.ts';
import { useNowSeconds } from '../market/useNowSeconds.ts';
import { useWalletPage } from './useWalletPage.ts';
import { WalletSection } from './WalletSection.tsx';
import './wallet-page.css';

export function WalletPage({ api }: { api: HearthApi }) {
  const wallet = useWallet();
  const { chain, status, sessions, reload, showStatus } = useWalletPage(api, wallet.linked ? wallet.address : null);
  // Times left count down every 30 seconds.
  const nowSeconds = useNowSeconds(30_000);
  const afterAction = () => void reload();
  const onStatus = (next: WalletStatus) => {
    showStatus(next);
    void reload();
  };

  const body = () => {
    if (chain === null) return <p className="wallet-page__muted">Reading the wallet…</p>;
    if (!chain.ok) return <ErrorLine error={chain.error} testId="wallet-page-error" />;
    if (chain.value === null) {
      return (
        <p className="wallet-page__intro" data-testid="wallet-page-off">
          No Morpheus marketplace is configured, so every reply is written on this computer.
        </p>
      );
    }
    const wallet = status?.ok ? status.value : null;
    return (
      <>
        <WalletSection status={wallet} error={status?.ok === false ? status.error : null} />
        <RoutingSection api={api} />
        <WalletConnectSection api={api} />
        {wallet ? (
          <>
            <AllowanceSection api={api} status={wallet} onStatus={onStatus} />
            <LimitsSection api={api} status={wallet} onStatus={onStatus} />
          </>
        ) : null}
        {sessions?.ok === false ? <ErrorLine error={sessions.error} testId="sessions-error" /> : null}
        {sessions?.ok ? <OpenSessions api={api} sessions={sessions.value} nowSeconds={nowSeconds} onChanged={afterAction} /> : null}
        {wallet ? <HeldStakes api={api} status={wallet} onChanged={afterAction} /> : null}
        {sessions?.ok ? (
          <>
            <RecentSessions sessions={sessions.value} nowSeconds={nowSeconds} />
            <SpendChart sessions={sessions.value} nowSeconds={nowSeconds} />
          </>
        ) : null}
      </>
    );
  };

  return (
    <main className="wallet-page" data-testid="wallet-page">
      <h1>Wallet</h1>
      {body()}
    </main>
  );
}
