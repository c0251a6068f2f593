/**
 * What a person typed in the Wallet page's forms, as the wei the API takes,
 * or the sentence that says what is wrong with it.
 */
import { formatEther } from 'viem';
import type { WalletStatus } from '../../../src/api/index.ts';
import { parseAmount } from '../wallet/units.ts';

export type Typed<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface LimitsText {
  perReply: string;
  perSession: string;
  perDay: string;
}

type Limits = WalletStatus['limits'];

const limitLabels: Record<keyof LimitsText, string> = { perReply: 'Per reply', perSession: 'Per session', perDay: 'Per day' };

/** The limits as the form shows them: MOR, empty where there is no limit. */
export function limitsText(limits: Limits): LimitsText {
  const text = (wei: string | null) => (wei === null ? '' : formatEther(BigInt(wei)));
  return { perReply: text(limits.perReplyWei), perSession: text(limits.perSessionWei), perDay: text(limits.perDayWei) };
}

/** The limits to save: empty means no limit; anything that is not an amount stops the save. */
export function limitsFromText(text: LimitsText): Typed<Limits> {
  const wei: Partial<Record<keyof LimitsText, string | null>> = {};
  for (const key of Object.keys(limitLabels) as (keyof LimitsText)[]) {
    if (text[key].trim() === '') {
      wei[key] = null;
      continue;
    }
    const amount = parseAmount(text[key]);
    if (amount === null) return { ok: false, problem: `${limitLabels[key]} is not an amount of MOR: write it like 25 or 0.5, or leave it empty for no limit.` };
    wei[key] = amount.toString();
  }
  return { ok: true, value: { perReplyWei: wei.perReply!, perSessionWei: wei.perSession!, perDayWei: wei.perDay! } };
}

/** The session allowance to ask the wallet for: a MOR cap above 0, and ETH (possibly 0) for the session key's fees. */
export function allowanceFromText(capText: string, gasText: string): Typed<{ capWei: string; gasWei: string }> {
  const cap = parseAmount(capText);
  if (cap === null || cap === 0n) return { ok: false, problem: 'Enter the MOR cap as an amount above 0, like 25 or 0.5.' };
  const gas = parseAmount(gasText);
  if (gas === null) return { ok: false, problem: 'Enter the ETH for network fees as an amount, like 0.01 (0 if the session key has enough).' };
  return { ok: true, value: { capWei: cap.toString(), gasWei: gas.toString() } };
}
