import type { ReplyStats } from '../api/contract.ts';

/**
 * Measures one reply: time to first token from the request, and decode
 * speed as the tokens after the first over the time they took.
 */
export function createReplyTimer(now: () => number = () => performance.now()) {
  const start = now();
  let first: number | undefined;
  let last = start;
  let tokens = 0;
  return {
    addTokens(count: number): void {
      const at = now();
      first ??= at;
      last = at;
      tokens += count;
    },
    stats(): ReplyStats {
      const decodeSeconds = first === undefined ? 0 : (last - first) / 1000;
      return {
        tokens,
        ttftMs: first === undefined ? 0 : first - start,
        tokensPerSecond: tokens > 1 && decodeSeconds > 0 ? (tokens - 1) / decodeSeconds : 0,
      };
    },
  };
}
