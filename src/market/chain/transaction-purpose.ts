/**
 * What each transaction does, in words, for the review shown before the
 * wallet's own confirmation (WalletSigner's `purpose`): the wallet shows
 * only an address and hex data, so this sentence is what the user reads.
 * Amounts are in MOR and ETH (18 decimals each), ids shortened.
 */
import { formatEther, type Address, type Hex } from 'viem';

/** 0x1234…abcd: enough to recognise an id or address, short enough for a sentence. */
export function shortHex(hex: Hex): string {
  return hex.length <= 14 ? hex : `${hex.slice(0, 6)}…${hex.slice(-4)}`;
}

const mor = (amount: bigint) => `${formatEther(amount)} MOR`;

export const transactionPurpose = {
  allowMor: (amount: bigint) => (amount === 0n
    ? 'Stop the Morpheus marketplace from taking MOR from this wallet'
    : `Let the Morpheus marketplace take up to ${mor(amount)} from this wallet`),
  registerProvider: (stake: bigint, endpoint: string) => `Register as a provider at ${endpoint}, staking ${mor(stake)}`,
  deregisterProvider: () => 'Deregister this wallet as a provider',
  postBid: (modelId: Hex, pricePerSecond: bigint) => `Offer model ${shortHex(modelId)} at ${mor(pricePerSecond)} per second`,
  deleteBid: (bidId: Hex) => `Delete bid ${shortHex(bidId)}`,
  claimForProvider: (sessionId: Hex) => `Claim the provider’s earnings from session ${shortHex(sessionId)}`,
  registerModel: (name: string, stake: bigint) => `Register the model “${name}”, staking ${mor(stake)}`,
  openSession: (bidId: Hex, amount: bigint, user: Address | undefined) =>
    `Open a session on bid ${shortHex(bidId)} staking ${mor(amount)}${user ? ` from wallet ${shortHex(user)}` : ''}`,
  closeSession: (sessionId: Hex) => `Close session ${shortHex(sessionId)}`,
  withdrawUserStakes: () => 'Withdraw the released session stakes',
  fundSessionKey: (agent: Address, value: bigint) => `Send ${formatEther(value)} ETH to Hearth’s session key ${shortHex(agent)}, for its network fees`,
  sessionDelegation: (agent: Address, enable: boolean) => (enable
    ? `Let Hearth’s session key ${shortHex(agent)} open and close Morpheus sessions for this wallet`
    : `Stop Hearth’s session key ${shortHex(agent)} from acting for this wallet on the Morpheus marketplace`),
} as const;
