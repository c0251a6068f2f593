/**
 * The live Morpheus Diamond's interface: each facet's ABI, and their union,
 * which is what answers at the Diamond's one address. Several facets repeat
 * the same view (getBid, getProvider, …); the copies are identical.
 */
import { delegationAbi } from './delegation.ts';
import { marketplaceAbi } from './marketplace.ts';
import { modelRegistryAbi } from './model-registry.ts';
import { providerRegistryAbi } from './provider-registry.ts';
import { sessionRouterAbi } from './session-router.ts';

export { delegationAbi, marketplaceAbi, modelRegistryAbi, providerRegistryAbi, sessionRouterAbi };

export const facetAbis = {
  Delegation: delegationAbi,
  Marketplace: marketplaceAbi,
  ModelRegistry: modelRegistryAbi,
  ProviderRegistry: providerRegistryAbi,
  SessionRouter: sessionRouterAbi,
} as const;

export const diamondAbi = [
  ...marketplaceAbi,
  ...modelRegistryAbi,
  ...providerRegistryAbi,
  ...sessionRouterAbi,
  ...delegationAbi,
] as const;
