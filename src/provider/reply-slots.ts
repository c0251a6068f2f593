/**
 * The replies the provider writes at once: as many as its model runs in
 * parallel. A prompt that finds them all taken waits its turn, first come
 * first served, but never longer than a set time: past it, the prompt is
 * refused as overloaded so its consumer can go elsewhere at once, instead
 * of waiting behind long replies of other sessions.
 */
import { HearthError } from '../api/errors.ts';

interface Waiter {
  grant: () => void;
  timer: NodeJS.Timeout;
}

export class ReplySlots {
  readonly #size: number;
  #taken = 0;
  readonly #waiting: Waiter[] = [];

  constructor(size: number) {
    this.#size = Math.max(1, size);
  }

  get size(): number {
    return this.#size;
  }

  /** Takes a slot, waiting up to `maxWaitMs`; returns the function that gives it back. */
  async take(maxWaitMs: number, signal: AbortSignal): Promise<() => void> {
    if (this.#taken < this.#size && this.#waiting.length === 0) {
      this.#taken++;
      return this.#release();
    }
    await new Promise<void>((resolve, reject) => {
      const leave = (error: HearthError) => {
        const at = this.#waiting.indexOf(waiter);
        if (at !== -1) this.#waiting.splice(at, 1);
        signal.removeEventListener('abort', onAbort);
        reject(error);
      };
      const onAbort = () => {
        clearTimeout(waiter.timer);
        leave(new HearthError('CONNECTION_LOST', { details: 'the consumer went while its prompt waited' }));
      };
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(waiter.timer);
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
        timer: setTimeout(() => leave(new HearthError('PROVIDER_OVERLOADED', {
          details: `every one of its ${this.#size} replies at once was taken for ${Math.round(maxWaitMs / 1000)} s`,
        })), maxWaitMs),
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(waiter);
    });
    return this.#release();
  }

  /** A slot given back goes straight to the longest waiting prompt. */
  #release(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) next.grant();
      else this.#taken--;
    };
  }
}
