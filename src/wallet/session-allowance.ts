/**
 * A session allowance: the user's wallet signs once, and Hearth's agent key
 * (agent-key.ts) then opens and closes sessions for it without asking again.
 * Three things on chain make it, each signed by the wallet:
 * - the marketplace may take up to the cap in MOR from the wallet (ERC-20
 *   allowance): the cap is enforced by the token, not by Hearth;
 * - the agent holds the session right for the wallet at this marketplace only
 *   (a delegate.xyz v2 delegation), so sessions it opens are the wallet's,
 *   staked from the wallet and refunded to it;
 * - a little ETH on the agent for its network fees.
 * The agent itself is never allowed to move the wallet's MOR.
 */
import type { Address, Hash } from 'viem';
import type { ChainClient } from '../market/chain/client.ts';
import { delegationRules } from '../market/chain/delegation-rules.ts';

export interface SessionAllowance {
  /** Whether the agent holds the session right for the user at the marketplace. */
  delegated: boolean;
  /** What the marketplace may still take from the user's wallet, in MOR wei. */
  allowance: bigint;
  /** The agent's ETH for network fees, in wei. */
  agentEth: bigint;
}

/**
 * Sets the cap, delegates the session right to `agent` and sends it `gasEth` for fees
 * (nothing is sent when it is 0), in that order, each signed by `wallet`'s signer and
 * mined before the next. The cap replaces what the wallet allowed the marketplace before.
 * Returns the transaction hashes in the order sent.
 */
export async function grantSessionAllowance({ wallet, agent, capMor, gasEth }: {
  wallet: ChainClient; agent: Address; capMor: bigint; gasEth: bigint;
}): Promise<Hash[]> {
  const allowance = await wallet.setMorAllowance(capMor);
  const delegation = await wallet.setSessionDelegation({ agent, enable: true });
  const hashes = [allowance.hash, delegation.hash];
  if (gasEth > 0n) hashes.push((await wallet.transferEth({ to: agent, value: gasEth })).hash);
  return hashes;
}

/**
 * Takes the session right back from `agent`, then sets the wallet's MOR allowance for the
 * marketplace to 0. Sessions already open stay open and are refunded to the wallet as usual.
 * Returns the transaction hashes in the order sent.
 */
export async function revokeSessionAllowance({ wallet, agent }: { wallet: ChainClient; agent: Address }): Promise<Hash[]> {
  const delegation = await wallet.setSessionDelegation({ agent, enable: false });
  const allowance = await wallet.setMorAllowance(0n);
  return [delegation.hash, allowance.hash];
}

/** The allowance as the chain holds it now; `client` may be read-only. */
export async function readSessionAllowance({ client, user, agent }: { client: ChainClient; user: Address; agent: Address }): Promise<SessionAllowance> {
  const [delegated, allowance, agentEth] = await Promise.all([
    client.isRightsDelegated({ delegatee: agent, delegator: user, rights: delegationRules.session }),
    client.morAllowance(user),
    client.ethBalance(agent),
  ]);
  return { delegated, allowance, agentEth };
}
