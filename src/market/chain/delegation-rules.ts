/**
 * The rights one account can give another over the marketplace, as the live
 * Delegation facet names them (keccak256 of a fixed string each). They are
 * granted in a delegate.xyz v2 registry for the marketplace's address.
 */
import { keccak256, stringToHex, type Hex } from 'viem';

const rule = (name: string): Hex => keccak256(stringToHex(`delegation.rules.${name}`));

export const delegationRules = {
  /** Register or leave as a provider; sign session approvals and receipts for it. */
  provider: rule('provider'),
  model: rule('model'),
  /** Post and delete bids. */
  marketplace: rule('marketplace'),
  /** Open, close and claim sessions; withdraw stakes. */
  session: rule('session'),
} as const;
