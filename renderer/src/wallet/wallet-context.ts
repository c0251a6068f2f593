/**
 * The window's wallet as views see it (useWallet): who is connected, on
 * which chain, whether Hearth's core accepted it, and the actions to
 * connect, disconnect and switch to the marketplace's chain. WalletRoot
 * provides it.
 */
import { createContext, useContext } from 'react';
import type { Address } from 'viem';
import type { Connector } from 'wagmi';
import type { MarketplaceChain } from './chains.ts';

export interface WalletContextValue {
  address: Address | null;
  /** The chain the wallet is on (possibly not the marketplace's). */
  chainId: number | null;
  /** A wallet is connected in the window. */
  connected: boolean;
  /** Hearth's core accepted the wallet: its transactions now come to this window to be reviewed and signed. */
  linked: boolean;
  /** Hearth's core is being told of the wallet; a wallet it has not linked before proves it is the person's (a signature that sends nothing). */
  linking: boolean;
  /** The marketplace the core is configured for; null when none is (chat stays local). */
  marketChain: MarketplaceChain | null;
  /** The connected wallet is on another chain than the marketplace. */
  wrongChain: boolean;
  /** "Base", "Hearth dev chain", "Ethereum", or "chain 10" for one Hearth does not know. */
  chainName(chainId: number): string;
  /** The wallets a person may connect: those the browser announced (EIP-6963), then Frame, then WalletConnect when a project id is set. */
  connectors: readonly Connector[];
  /** A connect, disconnect or switch is under way. */
  busy: boolean;
  connect(connector: Connector): Promise<void>;
  disconnect(): Promise<void>;
  switchToMarketChain(): Promise<void>;
  /** Tells the core of the connected wallet again, after linking it failed (a declined proof). */
  linkAgain(): void;
  /** The last failure, as a sentence; cleared by the next action. */
  error: string | null;
}

export const WalletContext = createContext<WalletContextValue | null>(null);

export function useWallet(): WalletContextValue {
  const value = useContext(WalletContext);
  if (value === null) throw new Error('useWallet() must be used inside <WalletRoot>.');
  return value;
}
