/**
 * One reply as a benchmark sees it, measured the same way on every path:
 * time to first text from the request, and decode speed as the tokens
 * after the first over the time from the first text chunk to the last.
 */
export interface ReplyMeasurement {
  ttftMs: number;
  tokens: number;
  decodeTokensPerSecond: number;
  text: string;
}

/** Collects text-chunk times from a start instant; `finish` turns them into a measurement. */
export function createChunkClock(start: number) {
  let first: number | undefined;
  let last = start;
  let text = '';
  return {
    chunk(chunkText: string): void {
      const now = performance.now();
      first ??= now;
      last = now;
      text += chunkText;
    },
    finish(tokens: number): ReplyMeasurement {
      const decodeSeconds = first === undefined ? 0 : (last - first) / 1000;
      return {
        ttftMs: first === undefined ? Number.NaN : first - start,
        tokens,
        decodeTokensPerSecond: tokens > 1 && decodeSeconds > 0 ? (tokens - 1) / decodeSeconds : 0,
        text,
      };
    },
  };
}
