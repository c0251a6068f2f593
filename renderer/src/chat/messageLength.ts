/**
 * What the composer says about a message's length: nothing while it is far
 * from the limit, a counter near it, and over it a sentence saying by how
 * much, so the person learns it before sending, not from a refusal.
 */
import { maxMessageChars } from '../bridge/limits.ts';

export interface LengthNotice {
  /** "28,800 / 32,000". */
  counter: string;
  over: boolean;
  /** Over the limit only: what is wrong and what to do. */
  problem: { message: string; action: string } | null;
}

/** The counter appears from this share of the limit on. */
const nearShare = 0.9;

const format = (n: number) => n.toLocaleString('en-US');

/** The notice for a message of `length` UTF-16 code units (String.length, as the core counts), or null far from the limit. */
export function lengthNotice(length: number, limit: number = maxMessageChars): LengthNotice | null {
  if (length < limit * nearShare) return null;
  const over = length > limit;
  return {
    counter: `${format(length)} / ${format(limit)}`,
    over,
    problem: over
      ? {
          message: `This message is ${format(length)} characters long, over Hearth\u2019s limit of ${format(limit)}.`,
          action: `Shorten it by ${format(length - limit)} ${length - limit === 1 ? 'character' : 'characters'}, or split it into several messages.`,
        }
      : null,
  };
}
