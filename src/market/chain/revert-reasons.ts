/**
 * The marketplace's custom errors as sentences a person can act on. Decoded
 * with the live Diamond's whole ABI, plus the `Session…` spellings of the four
 * errors the live bindings spell `Sesssion…` (a deployment may revert with
 * either; both give the same sentence), plus the MOR token's ERC-20 errors,
 * which surface through the marketplace's transfers.
 */
import { decodeErrorResult, type Abi, type Hex } from 'viem';

type AbiError = Extract<Abi[number], { type: 'error' }>;
import { diamondAbi } from '../abi/index.ts';
import { correctedErrorNames } from '../used-interface.ts';

const sentences: Record<string, string> = {
  OwnableUnauthorizedAccount: 'Only the marketplace owner may do that.',
  InsufficientRightsForOperation: 'This wallet may not act for that account.',
  ProviderStakeTooLow: 'The provider stake is below the marketplace minimum.',
  ProviderNotFound: 'That provider is not registered.',
  ProviderHasActiveBids: 'The provider still has active bids; delete them first.',
  ProviderHasAlreadyDeregistered: 'That provider is already deregistered.',
  ProviderNoStake: 'The provider has no stake.',
  ProviderNotDeregistered: 'The provider must be deregistered first.',
  ProviderNothingToWithdraw: 'The provider has nothing to withdraw.',
  ModelStakeTooLow: 'The model stake is below the marketplace minimum.',
  ModelNotFound: 'That model is not registered.',
  ModelHasActiveBids: 'The model still has active bids.',
  ModelHasAlreadyDeregistered: 'That model is already deregistered.',
  MarketplaceProviderNotFound: 'The provider is not registered, so it cannot post a bid.',
  MarketplaceModelNotFound: 'The model is not registered, so no bid can be posted for it.',
  MarketplaceBidPricePerSecondInvalid: 'The price per second is outside the marketplace’s allowed range.',
  MarketplaceBidMinPricePerSecondIsZero: 'The minimum price per second cannot be zero.',
  MarketplaceBidMinPricePerSecondIsInvalid: 'The minimum price per second is above the maximum.',
  MarketplaceActiveBidNotFound: 'That bid is no longer active.',
  MarketplaceFeeAmountIsZero: 'There are no marketplace fees to withdraw.',
  SessionBidNotFound: 'The provider’s bid is no longer active.',
  SessionProviderSignatureMismatch: 'The session approval was not signed by the provider of this bid.',
  SessionDuplicateApproval: 'This provider approval was already used to open a session; ask the provider for a new one.',
  SessionApprovedForAnotherUser: 'The provider approved this session for another wallet.',
  SessionApprovedForAnotherChainId: 'The provider’s approval is for another blockchain network.',
  SessionApproveExpired: 'The provider’s approval has expired (approvals last 10 minutes); ask for a new one.',
  SessionReceiptForAnotherChainId: 'The closing receipt is for another blockchain network.',
  SessionReceiptExpired: 'The closing receipt has expired (receipts last 10 minutes); ask the provider for a new one.',
  SessionTooShort: 'The stake pays for less than the 5-minute minimum session; stake more.',
  SessionStakeTooLow: 'The stake does not cover the session’s price.',
  SessionAlreadyClosed: 'This session is already closed.',
  SessionNotEndedOrNotExist: 'This session does not exist or has not ended yet.',
  SessionMaxDurationTooShort: 'The maximum session duration is too short.',
  SessionPoolIndexOutOfBounds: 'There is no such compute pool.',
  SessionProviderNothingToClaimInThisPeriod: 'The provider has nothing to claim in this period.',
  SessionUserAmountToWithdrawIsZero: 'No held MOR is available to withdraw yet; held stakes are released at the next UTC midnight.',
  ERC20InsufficientBalance: 'The wallet does not hold enough MOR.',
  ERC20InsufficientAllowance: 'The marketplace is not allowed to spend that much MOR; approve it first.',
};

const correctedErrors: AbiError[] = Object.values(correctedErrorNames).map((name) => ({ type: 'error', name, inputs: [] }));

const tokenErrors: AbiError[] = [
  {
    type: 'error',
    name: 'ERC20InsufficientBalance',
    inputs: [{ name: 'sender', type: 'address' }, { name: 'balance', type: 'uint256' }, { name: 'needed', type: 'uint256' }],
  },
  {
    type: 'error',
    name: 'ERC20InsufficientAllowance',
    inputs: [{ name: 'spender', type: 'address' }, { name: 'allowance', type: 'uint256' }, { name: 'needed', type: 'uint256' }],
  },
];

const decoderAbi: Abi = [...diamondAbi.filter((item) => item.type === 'error'), ...correctedErrors, ...tokenErrors];

export interface RevertReason {
  /** The error's name, corrected to the `Session…` spelling. */
  name: string;
  sentence: string;
  args: readonly unknown[];
}

/** The reason behind revert data, or undefined when it is not a known error. */
export function decodeRevert(data: Hex): RevertReason | undefined {
  let decoded;
  try {
    decoded = decodeErrorResult({ abi: decoderAbi, data });
  } catch {
    return undefined;
  }
  const name = (correctedErrorNames as Record<string, string>)[decoded.errorName] ?? decoded.errorName;
  if (name === 'Error') return { name, sentence: revertMessageSentence(String(decoded.args?.[0] ?? '')), args: decoded.args ?? [] };
  const sentence = sentences[name];
  return sentence ? { name, sentence, args: decoded.args ?? [] } : undefined;
}

/** Older tokens revert with text ("ERC20: insufficient allowance"). */
function revertMessageSentence(message: string): string {
  if (/allowance/i.test(message)) return sentences.ERC20InsufficientAllowance as string;
  if (/balance/i.test(message)) return sentences.ERC20InsufficientBalance as string;
  return `The contract refused: ${message}`;
}
