/**
 * A signer that writes down each transaction's hash the moment the wallet
 * has sent it, before it is mined: if Hearth is killed while waiting, the
 * next start finds the hash and asks the chain what became of it.
 */
import type { Hash } from 'viem';
import type { TransactionRequest, WalletSigner } from '../../wallet/signer.ts';

export function recordingSigner(signer: WalletSigner, onSent: (hash: Hash, request: TransactionRequest) => void): WalletSigner {
  return {
    address: signer.address,
    async sendTransaction(request) {
      const hash = await signer.sendTransaction(request);
      onSent(hash, request);
      return hash;
    },
  };
}
