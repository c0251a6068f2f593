/**
 * Every failure of a chain call, as a HearthError with a sentence: a revert
 * is decoded to its reason (revert-reasons.ts), an RPC or network failure
 * says the node cannot be reached. viem's own error is kept as the cause.
 */
import { BaseError, ContractFunctionRevertedError, InsufficientFundsError, type Hex } from 'viem';
import { HearthError } from '../../api/errors.ts';
import { decodeRevert } from './revert-reasons.ts';

/** Revert data anywhere in viem's cause chain. */
function revertData(error: BaseError): Hex | undefined {
  const reverted = error.walk((cause) => cause instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError && reverted.raw) return reverted.raw;
  const withData = error.walk((cause) => typeof (cause as { data?: unknown }).data === 'string');
  const data = (withData as { data?: unknown } | null)?.data;
  return typeof data === 'string' && data.startsWith('0x') && data.length >= 10 ? (data as Hex) : undefined;
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
  const reason = data ? decodeRevert(data) : undefined;
  if (reason) {
    return new HearthError('CHAIN_REVERTED', { message: reason.sentence, action: reason.action, details: `${action}: ${reason.name}`, cause: error });
  }
  if (error.walk((cause) => cause instanceof InsufficientFundsError)) {
    return new HearthError('CHAIN_INSUFFICIENT_FUNDS', { details: `${action}: ${error.shortMessage}`, cause: error });
  }
  if (isRevert(error)) {
    return new HearthError('CHAIN_REVERTED', { details: `${action}: ${data ?? error.shortMessage}`, cause: error });
  }
  return new HearthError('CHAIN_UNREACHABLE', { details: `${action}: ${error.shortMessage}`, cause: error });
}
