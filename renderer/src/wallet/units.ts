/**
 * MOR and ETH amounts as the window shows and takes them: both have 18
 * decimals; the contract carries wei as decimal strings.
 */
import { formatEther, parseEther } from 'viem';

const trimmed = (wei: bigint | string, maxDecimals: number): string => {
  const [whole, fraction = ''] = formatEther(BigInt(wei)).split('.');
  const kept = fraction.slice(0, maxDecimals).replace(/0+$/, '');
  // A non-zero amount too small for the decimals shown still reads as more than nothing.
  if (kept === '' && whole === '0' && BigInt(wei) !== 0n) return `< 0.${'0'.repeat(maxDecimals - 1)}1`;
  return kept === '' ? whole! : `${whole}.${kept}`;
};

/** "0.54 MOR" from wei, to at most `maxDecimals` decimals (6 by default). */
export const formatMor = (wei: bigint | string, maxDecimals = 6): string => `${trimmed(wei, maxDecimals)} MOR`;

export const formatEth = (wei: bigint | string, maxDecimals = 6): string => `${trimmed(wei, maxDecimals)} ETH`;

/** 0x1234…abcd. */
export const shortHex = (hex: string): string => (hex.length <= 14 ? hex : `${hex.slice(0, 6)}…${hex.slice(-4)}`);

/** Wei from what a person typed ("25", "0.5"), or null when it is not an amount. */
export function parseAmount(text: string): bigint | null {
  const value = text.trim();
  if (!/^\d+(\.\d{1,18})?$/.test(value)) return null;
  return parseEther(value);
}
