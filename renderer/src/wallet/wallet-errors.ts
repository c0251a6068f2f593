/**
 * Wallet failures as sentences. Wallets throw EIP-1193 errors (code 4001:
 * the person declined) and viem wraps them, sometimes several deep, so both
 * are looked through to the wallet's own words.
 */

interface ErrorLike {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  shortMessage?: unknown;
  details?: unknown;
  cause?: unknown;
}

/** The error and every cause under it, outermost first. */
function chain(error: unknown): ErrorLike[] {
  const found: ErrorLike[] = [];
  let current = error;
  while (typeof current === 'object' && current !== null && found.length < 10) {
    found.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  return found;
}

/** Whether the person declined in their wallet (EIP-1193 code 4001, viem's UserRejectedRequestError). */
export function isUserRejection(error: unknown): boolean {
  return chain(error).some((item) => item.code === 4001 || item.name === 'UserRejectedRequestError');
}

/** Whether the wallet does not offer the method asked (EIP-1193 code 4200, JSON-RPC -32601): it cannot sign that way. */
export function isUnsupportedMethod(error: unknown): boolean {
  return chain(error).some((item) =>
    item.code === 4200 || item.code === -32601 || item.name === 'UnsupportedProviderMethodError' || item.name === 'MethodNotFoundRpcError' || item.name === 'MethodNotSupportedRpcError');
}

/** Whether the node or wallet said the transaction would revert. */
export function isRevert(error: unknown): boolean {
  return chain(error).some((item) => item.code === 3 || item.name === 'ExecutionRevertedError' || /revert/i.test(String(item.message ?? '')));
}

/** The wallet's own message, without viem's version and docs lines. */
export function walletMessage(error: unknown): string {
  const items = chain(error);
  // The innermost plain message is what the wallet said; viem's outer layers add their own wording around it.
  for (const item of [...items].reverse()) {
    if (typeof item.details === 'string' && item.details !== '') return item.details;
    if (typeof item.shortMessage === 'string' && item.shortMessage !== '') return item.shortMessage;
    if (typeof item.message === 'string' && item.message !== '') return item.message.split('\n')[0]!;
  }
  return String(error);
}
