/** Text sent to the core at most this often; a message per token cost 4–6% of decode speed. */
const batchIntervalMs = 16;

/**
 * Joins a fast stream of text chunks into fewer messages. A chunk goes out
 * at once when the last message is older than the interval (so the first
 * token and slow models are never delayed); otherwise it waits for the
 * next chunk or `flush`.
 */
export function createTokenBatcher(send: (text: string) => void, now: () => number = () => performance.now()) {
  let pending = '';
  let sentAt = Number.NEGATIVE_INFINITY;
  const flush = () => {
    if (pending === '') return;
    send(pending);
    pending = '';
    sentAt = now();
  };
  return {
    push(text: string): void {
      pending += text;
      if (now() - sentAt >= batchIntervalMs) flush();
    },
    flush,
  };
}
