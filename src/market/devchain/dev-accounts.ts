/**
 * Hardhat's public test accounts (the well-known "test test … junk"
 * mnemonic): everyone knows their keys, so they hold value only on a local
 * dev chain. Asking for one with any other chain id is refused.
 */
import { mnemonicToAccount, type HDAccount } from 'viem/accounts';
import { HearthError } from '../../api/errors.ts';

export const devChainId = 31337;

const hardhatMnemonic = 'test test test test test test test test test test test junk';

/** What each dev account is for; the deploy script funds them all. */
export const devRoles = { deployer: 0, provider: 1, user: 2, otherUser: 3, modelOwner: 4 } as const;
export type DevRole = keyof typeof devRoles;

export function devAccount(role: DevRole, chainId: number): HDAccount {
  if (chainId !== devChainId) {
    throw new HearthError('CHAIN_DEV_KEYS_REFUSED', { details: `asked for the dev ${role} account on chain ${chainId}` });
  }
  return mnemonicToAccount(hardhatMnemonic, { addressIndex: devRoles[role] });
}
