/**
 * Every streamed chunk costs an ECIES encryption and a signature here and
 * a signature check and a decryption at the consumer (about 4 ms of CPU in
 * all); sent per token, that work competes with generation on a small
 * machine and cut decode speed by half (bench/provider.ts). So text goes
 * out at most once per interval: the first piece at once (time to first
 * token is never delayed), later pieces joined until the interval has
 * passed, the rest on `flush` when generation ends.
 */
const paceIntervalMs = 50;

export function createChunkPacer(send: (text: string) => void, now: () => number = () => performance.now()) {
  let pending = '';
  let sentAt = Number.NEGATIVE_INFINITY;
  const flush = (): void => {
    if (pending === '') return;
    const text = pending;
    pending = '';
    sentAt = now();
    send(text);
  };
  return {
    push(text: string): void {
      pending += text;
      if (now() - sentAt >= paceIntervalMs) flush();
    },
    flush,
  };
}
