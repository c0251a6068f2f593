/** The amount above which a provider reply waits for the person's yes, as the Wallet page shows and takes it: MOR, empty for never. */
import { formatEther } from 'viem';
import { parseAmount } from '../wallet/units.ts';
import type { Typed } from './typed-amounts.ts';

export function thresholdText(wei: string | null): string {
  return wei === null ? '' : formatEther(BigInt(wei));
}

/** The wei to save, null for never asking; anything that is not an amount stops the save. */
export function thresholdFromText(text: string): Typed<string | null> {
  if (text.trim() === '') return { ok: true, value: null };
  const amount = parseAmount(text);
  if (amount === null) return { ok: false, problem: 'The amount is not an amount of MOR: write it like 0.5 or 2, or leave it empty never to be asked.' };
  return { ok: true, value: amount.toString() };
}
