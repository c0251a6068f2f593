/**
 * The sentences a spend-limit refusal shows: each names the limit, what the
 * request would cost and how to change it, in MOR written exactly (never
 * rounded, so a cost just over a limit never reads as equal to it).
 */
import { formatEther } from 'viem';
import { HearthError } from '../../api/errors.ts';

const mor = (wei: bigint) => `${formatEther(wei)} MOR`;

export function replyLimitRefusal(cost: bigint, limit: bigint): HearthError {
  return new HearthError('SPEND_LIMIT_REPLY', {
    message: `This reply could cost up to ${mor(cost)}, over your limit of ${mor(limit)} per reply.`,
    action: 'Raise the limit in the wallet settings, or ask a shorter question.',
  });
}

export function sessionLimitRefusal(cost: bigint, limit: bigint): HearthError {
  return new HearthError('SPEND_LIMIT_SESSION', {
    message: `This provider session could cost up to ${mor(cost)}, over your limit of ${mor(limit)} per session.`,
    action: 'Raise the limit in the wallet settings, or choose a cheaper provider.',
  });
}

export function dayLimitRefusal(cost: bigint, spentToday: bigint, limit: bigint): HearthError {
  return new HearthError('SPEND_LIMIT_DAY', {
    message: `This could cost up to ${mor(cost)}; with the ${mor(spentToday)} already spent or held today (UTC), that is over your limit of ${mor(limit)} per day.`,
    action: 'Raise the limit in the wallet settings, or wait until midnight UTC, when a new day starts.',
  });
}
