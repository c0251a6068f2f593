/**
 * The two messages a provider signs for the chain: the session approval
 * (openSession) and the closing receipt (closeSession). Both are ABI-encoded
 * and signed EIP-191 over their keccak256 (personal_sign, v = 27/28), which
 * is what the contract recovers.
 */
import { decodeAbiParameters, encodeAbiParameters, keccak256, type Address, type Hex, type LocalAccount } from 'viem';

const approvalLayout = [
  { name: 'bidId', type: 'bytes32' },
  { name: 'chainId', type: 'uint256' },
  { name: 'user', type: 'address' },
  { name: 'timestamp', type: 'uint128' },
] as const;

const receiptLayout = [
  { name: 'sessionId', type: 'bytes32' },
  { name: 'chainId', type: 'uint256' },
  { name: 'timestamp', type: 'uint128' },
  { name: 'tpsScaled1000', type: 'uint32' },
  { name: 'ttftMs', type: 'uint32' },
  { name: 'inputTokens', type: 'uint32' },
  { name: 'outputTokens', type: 'uint32' },
] as const;

export interface SessionApproval {
  bidId: Hex;
  chainId: bigint;
  user: Address;
  /** Seconds since the epoch; the contract accepts it for 10 minutes. */
  timestamp: bigint;
}

export interface SessionReceipt {
  sessionId: Hex;
  chainId: bigint;
  /** Seconds since the epoch; the contract accepts it for 10 minutes. */
  timestamp: bigint;
  tpsScaled1000: number;
  ttftMs: number;
  inputTokens: number;
  outputTokens: number;
}

export function encodeApproval(approval: SessionApproval): Hex {
  return encodeAbiParameters(approvalLayout, [approval.bidId, approval.chainId, approval.user, approval.timestamp]);
}

export function decodeApproval(encoded: Hex): SessionApproval {
  const [bidId, chainId, user, timestamp] = decodeAbiParameters(approvalLayout, encoded);
  return { bidId, chainId, user, timestamp };
}

export function encodeReceipt(receipt: SessionReceipt): Hex {
  return encodeAbiParameters(receiptLayout, [
    receipt.sessionId, receipt.chainId, receipt.timestamp,
    receipt.tpsScaled1000, receipt.ttftMs, receipt.inputTokens, receipt.outputTokens,
  ]);
}

export function decodeReceipt(encoded: Hex): SessionReceipt {
  const [sessionId, chainId, timestamp, tpsScaled1000, ttftMs, inputTokens, outputTokens] = decodeAbiParameters(receiptLayout, encoded);
  return { sessionId, chainId, timestamp, tpsScaled1000, ttftMs, inputTokens, outputTokens };
}

/** The provider's (or, for a dispute, the user's) signature of an encoded approval or receipt. */
export function signForChain(account: LocalAccount, encoded: Hex): Promise<Hex> {
  return account.signMessage({ message: { raw: keccak256(encoded) } });
}
