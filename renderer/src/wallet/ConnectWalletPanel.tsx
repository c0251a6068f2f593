/**
 * Connecting the person's own wallet: one button per wallet the browser
 * announced, Frame, and WalletConnect once a project id is saved; once
 * connected, its address and chain, a switch to the marketplace's chain
 * when it is on another, and Disconnect.
 */
import type { Connector } from 'wagmi';
import { useWallet } from './wallet-context.ts';
import { walletConnectConnectorId } from './walletconnect.ts';

export function ConnectWalletPanel() {
  const wallet = useWallet();
  return (
    <section className="wallet-panel" aria-labelledby="wallet-panel-title" data-testid="connect-wallet-panel">
      {wallet.connected ? <ConnectedWallet /> : <WalletChoices />}
      {wallet.error !== null ? (
        <p className="wallet-panel__error" role="alert" data-testid="wallet-error">
          {wallet.error}
        </p>
      ) : null}
    </section>
  );
}

function WalletChoices() {
  const { connectors, connect, busy } = useWallet();
  const offersWalletConnect = connectors.some((connector) => connector.id === walletConnectConnectorId);
  return (
    <>
      <h2 id="wallet-panel-title">Connect a wallet</h2>
      <p className="wallet-panel__intro">
        Hearth never sees your wallet's key. It shows you each transaction in words first; then your wallet asks you
        again, and signs and sends it itself.
      </p>
      <ul className="wallet-panel__choices">
        {connectors.map((connector) => (
          <li key={connector.uid}>
            <ChoiceButton connector={connector} disabled={busy} onConnect={connect} />
          </li>
        ))}
      </ul>
      {busy ? (
        <p className="wallet-panel__waiting" role="status">
          Waiting for your wallet…
        </p>
      ) : null}
      <p className="wallet-panel__hint">
        Browser wallets (MetaMask, Rabby…) appear here when they are installed. Frame is the desktop app, and must be
        running on this computer.{' '}
        {offersWalletConnect
          ? 'WalletConnect connects a wallet on your phone: you scan a code with it.'
          : 'To connect a wallet on your phone, save a WalletConnect project id on this page.'}
      </p>
    </>
  );
}

function ChoiceButton({ connector, disabled, onConnect }: { connector: Connector; disabled: boolean; onConnect(connector: Connector): Promise<void> }) {
  return (
    <button type="button" className="button wallet-panel__choice" disabled={disabled} onClick={() => void onConnect(connector)}>
      {connector.icon !== undefined ? <img src={connector.icon} alt="" className="wallet-panel__icon" /> : null}
      Connect {connector.name}
    </button>
  );
}

function ConnectedWallet() {
  const { address, chainId, linked, linking, error, marketChain, wrongChain, chainName, busy, disconnect, switchToMarketChain, linkAgain } = useWallet();
  const walletChain = chainId === null ? 'an unknown chain' : chainName(chainId);
  return (
    <>
      <h2 id="wallet-panel-title">Your wallet</h2>
      <dl className="wallet-panel__facts">
        <div>
          <dt>Address</dt>
          <dd className="wallet-panel__address" data-testid="wallet-address">
            {address}
          </dd>
        </div>
        <div>
          <dt>Network</dt>
          <dd data-testid="wallet-chain">{walletChain}</dd>
        </div>
      </dl>
      {wrongChain && marketChain !== null ? (
        <div className="wallet-panel__wrong-chain" role="alert" data-testid="wallet-wrong-chain">
          <p>
            Your wallet is on {walletChain}; Hearth's marketplace is on {marketChain.chain.name}.
          </p>
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void switchToMarketChain()}>
            Switch to {marketChain.chain.name}
          </button>
        </div>
      ) : null}
      {linked ? (
        <p className="wallet-panel__linked" data-testid="wallet-linked">
          Hearth asks this wallet to sign when it pays a provider; you review each transaction here first.
        </p>
      ) : linking ? (
        <p className="wallet-panel__linked" role="status" data-testid="wallet-linking">
          Linking this wallet to Hearth… A wallet linked for the first time proves it is yours with a signature that sends nothing.
        </p>
      ) : error !== null && !wrongChain ? (
        <button type="button" className="button button--primary" disabled={busy} onClick={linkAgain}>
          Link again
        </button>
      ) : null}
      <button type="button" className="button" disabled={busy} onClick={() => void disconnect()}>
        Disconnect
      </button>
    </>
  );
}
