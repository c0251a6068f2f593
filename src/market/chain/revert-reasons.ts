/**
 * The marketplace's custom errors as sentences a person can act on. Decoded
 * with the live Diamond's whole ABI, plus the `Session…` spellings of the four
 * errors the live bindings spell `Sesssion…` (a deployment may revert with
 * either; both give the same sentence), plus the MOR token's ERC-20 errors,
 * which surface through the marketplace's transfers, plus Solidity's own
 * Panic(uint256) (the live contract has arithmetic that underflows, e.g. a
 * provider's claim on the day of an early close).
 */
import { decodeErrorResult, type Abi, type Hex } from 'viem';

type AbiError = Extract<Abi[number], { type: 'error' }>;
import { diamondAbi } from '../abi/index.ts';
import { correctedErrorNames } from '../used-interface.ts';

/** Each error's sentence and what to do about it, shown together. */
const reasons: Record<string, { sentence: string; action: string }> = {
  OwnableUnauthorizedAccount: { sentence: 'Only the marketplace owner may do that.', action: 'Use the owner’s wallet, or ask the owner to do it.' },
  InsufficientRightsForOperation: { sentence: 'This wallet may not act for that account.', action: 'Use that account’s own wallet, or have it delegate the right to this one.' },
  ProviderStakeTooLow: { sentence: 'The provider stake is below the marketplace minimum.', action: 'Stake at least the minimum, then try again.' },
  ProviderNotFound: { sentence: 'That provider is not registered.', action: 'Register the provider first, or choose another one.' },
  ProviderHasActiveBids: { sentence: 'The provider still has active bids.', action: 'Delete its bids first, then try again.' },
  ProviderHasAlreadyDeregistered: { sentence: 'That provider is already deregistered.', action: 'Nothing to do: it is no longer offered.' },
  ProviderNoStake: { sentence: 'The provider has no stake.', action: 'Nothing to withdraw; register it again with a stake to offer it.' },
  ProviderNotDeregistered: { sentence: 'The provider must be deregistered first.', action: 'Deregister it, then try again.' },
  ProviderNothingToWithdraw: { sentence: 'The provider has nothing to withdraw.', action: 'Nothing to do: wait until it has earned something.' },
  ModelStakeTooLow: { sentence: 'The model stake is below the marketplace minimum.', action: 'Stake at least the minimum, then try again.' },
  ModelNotFound: { sentence: 'That model is not registered.', action: 'Register the model first, or choose another one.' },
  ModelHasActiveBids: { sentence: 'The model still has active bids.', action: 'Delete its bids first, then try again.' },
  ModelHasAlreadyDeregistered: { sentence: 'That model is already deregistered.', action: 'Nothing to do: it is no longer offered.' },
  MarketplaceProviderNotFound: { sentence: 'The provider is not registered, so it cannot post a bid.', action: 'Register the provider first, then post the bid.' },
  MarketplaceModelNotFound: { sentence: 'The model is not registered, so no bid can be posted for it.', action: 'Register the model first, then post the bid.' },
  MarketplaceBidPricePerSecondInvalid: { sentence: 'The price per second is outside the marketplace’s allowed range.', action: 'Choose a price within the range, then try again.' },
  MarketplaceBidMinPricePerSecondIsZero: { sentence: 'The minimum price per second cannot be zero.', action: 'Ask the marketplace owner to set a minimum price.' },
  MarketplaceBidMinPricePerSecondIsInvalid: { sentence: 'The minimum price per second is above the maximum.', action: 'Set a minimum below the maximum, then try again.' },
  MarketplaceActiveBidNotFound: { sentence: 'That bid is no longer active.', action: 'Choose another bid.' },
  MarketplaceFeeAmountIsZero: { sentence: 'There are no marketplace fees to withdraw.', action: 'Nothing to do: wait until fees have been paid.' },
  SessionBidNotFound: { sentence: 'The provider’s bid is no longer active.', action: 'Choose another bid or provider.' },
  SessionProviderSignatureMismatch: { sentence: 'The session approval was not signed by the provider of this bid.', action: 'Do not trust this approval; ask the bid’s provider for a new one.' },
  SessionDuplicateApproval: { sentence: 'This provider approval was already used to open a session.', action: 'Ask the provider for a new approval.' },
  SessionApprovedForAnotherUser: { sentence: 'The provider approved this session for another wallet.', action: 'Ask the provider for an approval for your wallet.' },
  SessionApprovedForAnotherChainId: { sentence: 'The provider’s approval is for another blockchain network.', action: 'Check the network in the marketplace settings, then ask for a new approval.' },
  SessionApproveExpired: { sentence: 'The provider’s approval has expired (approvals last 10 minutes).', action: 'Ask the provider for a new approval, then open the session at once.' },
  SessionReceiptForAnotherChainId: { sentence: 'The closing receipt is for another blockchain network.', action: 'Check the network in the marketplace settings, then ask for a new receipt.' },
  SessionReceiptExpired: { sentence: 'The closing receipt has expired (receipts last 10 minutes).', action: 'Ask the provider for a new receipt, then close the session at once.' },
  SessionTooShort: { sentence: 'The stake pays for less than the 5-minute minimum session.', action: 'Stake more, then open the session again.' },
  SessionStakeTooLow: { sentence: 'The stake does not cover the session’s price.', action: 'Stake more, then open the session again.' },
  SessionAlreadyClosed: { sentence: 'This session is already closed.', action: 'Nothing to do: open a new session to continue.' },
  SessionNotEndedOrNotExist: { sentence: 'This session does not exist or has not ended yet.', action: 'Wait for the session to end, then try again.' },
  SessionMaxDurationTooShort: { sentence: 'The maximum session duration is too short.', action: 'Choose a longer maximum duration.' },
  SessionPoolIndexOutOfBounds: { sentence: 'There is no such compute pool.', action: 'Choose one of the marketplace’s pools.' },
  SessionProviderNothingToClaimInThisPeriod: { sentence: 'The provider has nothing to claim in this period.', action: 'Nothing to do: claim again in the next period.' },
  SessionUserAmountToWithdrawIsZero: { sentence: 'No held MOR is available to withdraw yet; held stakes are released at the next UTC midnight.', action: 'Withdraw again after the next UTC midnight.' },
  ERC20InsufficientBalance: { sentence: 'The wallet does not hold enough MOR.', action: 'Add MOR to the wallet, or stake less.' },
  ERC20InsufficientAllowance: { sentence: 'The marketplace is not allowed to spend that much MOR.', action: 'Approve the marketplace to spend it, then try again.' },
};

const panicAction = 'Nothing was spent but the network fee; the contract cannot do this now. Check what you entered and try again later; if it keeps happening, tell the marketplace’s maintainers.';

/** Solidity's panic codes (its documentation's list), as sentences. */
const panics: Record<number, string> = {
  0x00: 'The contract stopped on an internal error (Solidity panic 0x00).',
  0x01: 'The contract stopped because one of its own checks failed (Solidity panic 0x01).',
  0x11: 'The contract stopped because a calculation went below zero or overflowed (Solidity panic 0x11).',
  0x12: 'The contract stopped because it divided by zero (Solidity panic 0x12).',
  0x21: 'The contract stopped because a value was out of range for its type (Solidity panic 0x21).',
  0x22: 'The contract stopped because its stored data is damaged (Solidity panic 0x22).',
  0x31: 'The contract stopped because it took an item from an empty list (Solidity panic 0x31).',
  0x32: 'The contract stopped because it read past the end of a list (Solidity panic 0x32).',
  0x41: 'The contract stopped because it ran out of memory (Solidity panic 0x41).',
  0x51: 'The contract stopped because it called a function that was never set (Solidity panic 0x51).',
};

function panicReason(code: bigint): { sentence: string; action: string } {
  const sentence = panics[Number(code)] ?? `The contract stopped with Solidity panic 0x${code.toString(16)}.`;
  return { sentence, action: panicAction };
}

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
  /** The error's name, corrected to the `Session…` spelling; `Panic` for a Solidity panic, whose code is args[0]. */
  name: string;
  sentence: string;
  action: string;
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
  if (name === 'Error') return { name, ...revertMessageReason(String(decoded.args?.[0] ?? '')), args: decoded.args ?? [] };
  if (name === 'Panic') return { name, ...panicReason(decoded.args?.[0] as bigint), args: decoded.args ?? [] };
  const reason = reasons[name];
  return reason ? { name, ...reason, args: decoded.args ?? [] } : undefined;
}

/** Older tokens revert with text ("ERC20: insufficient allowance"). */
function revertMessageReason(message: string): { sentence: string; action: string } {
  if (/allowance/i.test(message)) return reasons.ERC20InsufficientAllowance!;
  if (/balance/i.test(message)) return reasons.ERC20InsufficientBalance!;
  return { sentence: `The contract refused: ${message}`, action: 'Nothing was spent but the network fee; correct what it names, then try again.' };
}
