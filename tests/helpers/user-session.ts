/**
 * A provider session opened on the dev chain by the dev user's wallet, as
 * the market opens one: the provider's approval asked over MOR-RPC with a
 * fresh session key, the MOR allowance, then openSession. Prompts go to
 * `endpoint`: a relay in front of the provider, or the provider itself.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { parseEther } from 'viem';
import type { OpenProviderSession } from '../../src/chat/provider-reply-source.ts';
import { devAccount, devChainId } from '../../src/market/devchain/dev-accounts.ts';
import { MorRpcClient } from '../../src/market/morrpc/client.ts';
import type { Hex } from '../../src/market/morrpc/messages.ts';
import type { DevMarket } from './dev-chain.ts';
import type { ProviderProcess } from './provider-process.ts';

const user = devAccount('user', devChainId);

export async function openUserSession(
  chain: DevMarket, provider: ProviderProcess, { endpoint, pricePerSecond }: { endpoint: string; pricePerSecond: bigint },
): Promise<{ session: OpenProviderSession; transactions: Hex[] }> {
  const amount = parseEther('1');
  const sessionKey = secp256k1.utils.randomSecretKey();
  const approval = await new MorRpcClient({ host: provider.host, port: provider.port, sessionKey })
    .requestSession({ user: user.address, bidId: provider.bidId, spend: amount });
  const market = chain.as('user');
  const approved = await market.approveMor(amount);
  const opened = await market.openSession({ amount, directPayment: true, approval: approval.approval, approvalSignature: approval.approvalSig });
  return {
    session: {
      provider: { address: provider.address, endpoint },
      model: chain.deployment.model,
      bid: { id: provider.bidId, pricePerSecond },
      sessionId: opened.sessionId,
      sessionKey,
      providerPublicKey: approval.message,
    },
    // The approval is sent only when the allowance is short.
    transactions: [...(approved ? [approved.hash] : []), opened.hash],
  };
}
