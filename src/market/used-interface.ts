/**
 * The part of the live Morpheus interface that Hearth uses, by name: what
 * the consumer side and the provider call, read and decode. The chain client
 * calls only `usedAbi`, which is cut from the live Diamond's ABI, so the same
 * code runs against the live Diamond; tests/unit/market-abi-compat.test.ts
 * proves that Hearth's own contract (contracts/) has each of these with the
 * same selector, topic and struct layout.
 */
import { diamondAbi } from './abi/index.ts';

export const usedFunctionNames = [
  // Provider
  'providerRegister', 'providerDeregister', 'postModelBid', 'deleteModelBid', 'claimForProvider',
  'getProvider', 'getIsProviderActive', 'getProviderActiveBids', 'getProviderMinimumStake', 'getBidFee',
  'getMinMaxBidPricePerSecond', 'getBidId',
  // Models
  'modelRegister', 'modelDeregister', 'getModel', 'getIsModelActive', 'getActiveModelIds', 'getModelId',
  'getModelMinimumStake',
  // Consumer
  'openSession', 'closeSession', 'getUserStakesOnHold', 'withdrawUserStakes',
  'getActiveProviders', 'getModelActiveBids', 'getBid', 'isBidActive', 'getSession', 'getUserSessions',
  'getSessionId', 'getIsProviderApprovalUsed', 'getProviderModelStats', 'getModelStats', 'getToken',
  // Money and time
  'getSessionEnd', 'stakeToStipend', 'stipendToStake', 'getTodaysBudget', 'getComputeBalance', 'totalMORSupply',
  'startOfTheDay', 'getMaxSessionDuration', 'MIN_SESSION_DURATION', 'SIGNATURE_TTL',
  // Delegation
  'getRegistry', 'isRightsDelegated', 'DELEGATION_RULES_PROVIDER', 'DELEGATION_RULES_MODEL',
  'DELEGATION_RULES_MARKETPLACE', 'DELEGATION_RULES_SESSION',
] as const;

export const usedEventNames = [
  'ProviderRegistered', 'ProviderDeregistered', 'ModelRegisteredUpdated', 'ModelDeregistered',
  'MarketplaceBidPosted', 'MarketplaceBidDeleted', 'SessionOpened', 'SessionClosed', 'UserWithdrawn',
  'DelegationRegistryUpdated',
] as const;

/** Custom errors Hearth's contract raises, as the live ABI spells them. */
export const usedErrorNames = [
  'OwnableUnauthorizedAccount', 'InsufficientRightsForOperation',
  'ProviderStakeTooLow', 'ProviderNotFound', 'ProviderHasActiveBids', 'ProviderHasAlreadyDeregistered',
  'ModelStakeTooLow', 'ModelNotFound', 'ModelHasActiveBids', 'ModelHasAlreadyDeregistered',
  'MarketplaceProviderNotFound', 'MarketplaceModelNotFound', 'MarketplaceBidPricePerSecondInvalid',
  'MarketplaceActiveBidNotFound',
  'SessionBidNotFound', 'SessionProviderSignatureMismatch', 'SessionDuplicateApproval', 'SessionApprovedForAnotherUser',
  'SesssionApprovedForAnotherChainId', 'SesssionApproveExpired', 'SesssionReceiptForAnotherChainId',
  'SesssionReceiptExpired', 'SessionTooShort', 'SessionStakeTooLow', 'SessionAlreadyClosed',
  'SessionUserAmountToWithdrawIsZero',
] as const;

/**
 * The live bindings spell these four with three s's; the contract source
 * (and Hearth's contract) spells them `Session…`. Deployments may revert with
 * either, and the selectors differ.
 */
export const correctedErrorNames = {
  SesssionApproveExpired: 'SessionApproveExpired',
  SesssionApprovedForAnotherChainId: 'SessionApprovedForAnotherChainId',
  SesssionReceiptExpired: 'SessionReceiptExpired',
  SesssionReceiptForAnotherChainId: 'SessionReceiptForAnotherChainId',
} as const;

export type UsedFunctionName = (typeof usedFunctionNames)[number];
export type UsedEventName = (typeof usedEventNames)[number];
export type UsedErrorName = (typeof usedErrorNames)[number];

type DiamondItem = (typeof diamondAbi)[number];
export type UsedAbiItem =
  | Extract<DiamondItem, { type: 'function'; name: UsedFunctionName }>
  | Extract<DiamondItem, { type: 'event'; name: UsedEventName }>
  | Extract<DiamondItem, { type: 'error'; name: UsedErrorName }>;

const wanted: Record<string, readonly string[]> = {
  function: usedFunctionNames,
  event: usedEventNames,
  error: usedErrorNames,
};

function isUsed(item: DiamondItem): item is UsedAbiItem {
  return 'name' in item && (wanted[item.type]?.includes(item.name) ?? false);
}

/** The used items of the live ABI, each once (facets repeat shared views). */
export const usedAbi: readonly UsedAbiItem[] = diamondAbi
  .filter(isUsed)
  .filter((item, index, all) => all.findIndex((other) => other.type === item.type && other.name === item.name) === index);
