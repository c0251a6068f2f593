/**
 * A WalletSigner for a key held in this process: the agent key of a session
 * allowance, a provider's own key, the dev chain's public test accounts. It
 * never holds the user's wallet key, which signs in the wallet itself.
 * Failures are viem's own errors; the chain client turns them into
 * sentences (src/market/chain/chain-error.ts), as for any other signer.
 */
import { createWalletClient, http, type Account, type Hash } from 'viem';
import { HearthError } from '../api/errors.ts';
import { rpcChain } from '../market/chain/rpc-chain.ts';
import type { TransactionRequest, WalletSigner } from './signer.ts';

export function accountSigner(account: Account, rpcUrl: string, chainId: number): WalletSigner {
  const chain = rpcChain(chainId, rpcUrl);
  const walletClient = createWalletClient({ account, chain, transport: http(rpcUrl, { retryCount: 2 }) });
  // One transaction at a time, as a wallet signs them: two sent at once could take the same nonce.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    address: account.address,
    sendTransaction({ chainId: asked, to, data, value }: TransactionRequest): Promise<Hash> {
      // A signature for one chain is valid only there: a request for another is a bug, never sent.
      if (asked !== chainId) {
        return Promise.reject(new HearthError('INTERNAL', { details: `asked to sign for chain ${asked}; this key signs for chain ${chainId}` }));
      }
      const sent = queue.then(() => walletClient.sendTransaction({ account, chain, to, data, value }));
      queue = sent.catch(() => undefined);
      return sent;
    },
  };
}
