/**
 * Every failure of a chain call, as a HearthError with a sentence: a revert
 * is decoded to its reason (revert-reasons.ts), an RPC or network failure
 * says the node cannot be reached. viem's own error is kept as the cause.
 */
import { BaseError, ContractFunctionRevertedError, HttpRequestError, InsufficientFundsError, UserRejectedRequestError, type Hex } from 'viem';
import { HearthError } from '../../api/errors.ts';
import { decodeRevert, type RevertReason } from './revert-reasons.ts';

/** Revert data anywhere in viem's cause chain. */
function revertData(error: BaseError): Hex | undefined {
  const reverted = error.walk((cause) => cause instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError && reverted.raw) return reverted.raw;
  const withData = error.walk((cause) => typeof (cause as { data?: unknown }).data === 'string');
  const data = (withData as { data?: unknown } | null)?.data;
  return typeof data === 'string' && data.startsWith('0x') && data.length >= 10 ? (data as Hex) : undefined;
}

/** The decoded revert behind a failed chain call, when it is one Hearth knows. */
export function revertReasonOf(error: unknown): RevertReason | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const data = revertData(error);
  return data ? decodeRevert(data) : undefined;
}

/** Solidity's arithmetic panic: a calculation went below zero or overflowed. */
export function isArithmeticPanic(error: unknown): boolean {
  const reason = revertReasonOf(error);
  return reason?.name === 'Panic' && reason.args[0] === 0x11n;
}

const day = 86_400n;

/**
 * The live claimForProvider subtracts the part it holds for the UTC day of an
 * early close from what is left to claim; when the close already paid the
 * provider that underflows (Panic 0x11) until the next UTC midnight.
 */
export function earlyClaimRefusal(closedAt: bigint, cause: unknown): HearthError {
  const midnight = closedAt - (closedAt % day) + day;
  const when = `${new Date(Number(midnight) * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return new HearthError('CHAIN_REVERTED', {
    message: `The marketplace holds a provider’s pay for the UTC day its session was closed early, so it refuses a claim until that day is over: the claim becomes possible at ${when}.`,
    action: `Claim again at or after ${when}. A session closed with the provider’s receipt was already paid at close.`,
    details: 'claim the provider’s earnings: Panic(0x11) on the day of an early close',
    cause,
  });
}

/** Nodes word "not enough ETH" in their own ways; Hardhat's is not one viem recognises. */
function lacksFunds(cause: unknown): boolean {
  const message = (cause as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /insufficient funds|doesn't have enough funds/i.test(message);
}

function isRevert(error: BaseError): boolean {
  return error.walk((cause) => cause instanceof ContractFunctionRevertedError || /revert/i.test((cause as Error).message ?? '')) !== null;
}

/**
 * @param action what Hearth was doing, for the details line ("open a session")
 */
export function toChainError(error: unknown, action: string): HearthError {
  if (error instanceof HearthError) return error;
  if (!(error instanceof BaseError)) {
    return new HearthError('CHAIN_UNREACHABLE', { details: `${action}: ${String((error as Error)?.message ?? error)}`, cause: error });
  }
  const data = revertData(error);
  const reason = revertReasonOf(error);
  if (reason) {
    return new HearthError('CHAIN_REVERTED', { message: reason.sentence, action: reason.action, details: `${action}: ${reason.name}`, cause: error });
  }
  // Public RPC nodes answer 429 when asked too often; viem has already retried by then.
  if (error.walk((cause) => cause instanceof HttpRequestError && cause.status === 429)) {
    return new HearthError('CHAIN_RATE_LIMITED', { details: `${action}: ${error.shortMessage}`, cause: error });
  }
  // A wallet speaking EIP-1193 says "declined" with code 4001; viem names it so.
  if (error.walk((cause) => cause instanceof UserRejectedRequestError)) {
    return new HearthError('WALLET_REJECTED', { details: `${action}: ${error.shortMessage}`, cause: error });
  }
  if (error.walk((cause) => cause instanceof InsufficientFundsError || lacksFunds(cause))) {
    return new HearthError('CHAIN_INSUFFICIENT_FUNDS', { details: `${action}: ${error.shortMessage}`, cause: error });
  }
  if (isRevert(error)) {
    return new HearthError('CHAIN_REVERTED', { details: `${action}: ${data ?? error.shortMessage}`, cause: error });
  }
  return new HearthError('CHAIN_UNREACHABLE', { details: `${action}: ${error.shortMessage}`, cause: error });
}
