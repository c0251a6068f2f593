/**
 * The signer seam: the core prepares a transaction and hands it to whoever
 * holds the key, and never holds the user's wallet key itself. The user's
 * wallet signs in the renderer (through wagmi); the agent key of a session
 * allowance and the dev chain's accounts sign in the core (account-signer.ts).
 */
import type { Address, Hash, Hex } from 'viem';

/** A transaction as the wallet is asked to sign it. */
export interface TransactionRequest {
  chainId: number;
  to: Address;
  data: Hex;
  value?: bigint;
  /** What it does, in words, for the review shown before the wallet's own confirmation. */
  purpose: string;
}

export interface WalletSigner {
  /** The address that signs: the user's wallet, or the agent key. */
  readonly address: Address;
  /**
   * Signs and sends the transaction; resolves with its hash once it is sent
   * (not mined). A refusal in the wallet rejects with WALLET_REJECTED, and
   * nothing was sent.
   */
  sendTransaction(request: TransactionRequest): Promise<Hash>;
}
