/**
 * Hearth's session key: an agent key created inside Hearth for one wallet on
 * one chain, which opens and closes sessions for that wallet under a session
 * allowance (session-allowance.ts), so the user's wallet is not asked to sign
 * each one. It is kept in the settings table of the encrypted database, so on
 * disk it is encrypted with the database key like everything else there.
 */
import { getAddress, isHex, type Address, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { z } from 'zod';
import type { SettingsRepository } from '../store/settings.ts';

/** One entry per wallet and chain, so a key is never lost by switching wallets: it may still hold ETH for fees. */
const settingKey = 'wallet.agentKey';

const savedKeysSchema = z.array(z.object({
  chainId: z.number().int(),
  user: z.string(),
  privateKey: z.string().refine((key) => isHex(key) && key.length === 66),
}));

type SavedKey = { chainId: number; user: Address; privateKey: Hex };

export interface AgentKeyOwner {
  chainId: number;
  /** The user's wallet, which the key acts for. */
  user: Address;
}

function savedKeys(settings: SettingsRepository): SavedKey[] {
  const saved = savedKeysSchema.safeParse(settings.get(settingKey));
  return saved.success ? (saved.data as SavedKey[]) : [];
}

const owns = (owner: AgentKeyOwner) => (entry: SavedKey) =>
  entry.chainId === owner.chainId && getAddress(entry.user) === getAddress(owner.user);

/** The agent key kept for this wallet on this chain, or null when there is none. */
export function loadAgentKey(settings: SettingsRepository, owner: AgentKeyOwner): PrivateKeyAccount | null {
  const entry = savedKeys(settings).find(owns(owner));
  return entry ? privateKeyToAccount(entry.privateKey) : null;
}

/** A new agent key for this wallet on this chain, kept in place of any earlier one for them. */
export function createAgentKey(settings: SettingsRepository, owner: AgentKeyOwner): PrivateKeyAccount {
  const privateKey = generatePrivateKey();
  const others = savedKeys(settings).filter((entry) => !owns(owner)(entry));
  settings.set(settingKey, [...others, { chainId: owner.chainId, user: getAddress(owner.user), privateKey }]);
  return privateKeyToAccount(privateKey);
}

/**
 * Deletes the agent key of this wallet on this chain. Revoke its session allowance first
 * (session-allowance.ts): the delegation and any ETH left on the key stay on chain.
 */
export function forgetAgentKey(settings: SettingsRepository, owner: AgentKeyOwner): void {
  settings.set(settingKey, savedKeys(settings).filter((entry) => !owns(owner)(entry)));
}
