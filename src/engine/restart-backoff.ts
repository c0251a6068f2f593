/**
 * When to load the models again after the inference worker crashed: at
 * once after a first crash, then, crash after crash, after waits that
 * double up to a ceiling. A worker that keeps crashing is retried for as
 * long as Hearth runs, without spinning; a quiet minute starts over.
 */
import type { HearthError } from '../api/errors.ts';

/** The longest wait between two restarts. */
const maxDelayMs = 30_000;
/** A crash this long after the previous one is no longer "in a row". */
const quietMs = 60_000;

export class RestartBackoff {
  readonly #baseMs: number;
  #crashes = 0;
  #lastCrash = Number.NEGATIVE_INFINITY;
  #pending: { due: () => void; cancel: (error: HearthError) => void } | undefined;

  /** `baseMs`: the wait after the second crash in a row. */
  constructor(baseMs: number) {
    this.#baseMs = baseMs;
  }

  /** Counts a crash; the wait before its restart: 0, base, 2 × base, 4 × base … up to 30 s. */
  crashed(now = Date.now()): number {
    this.#crashes = now - this.#lastCrash < quietMs ? this.#crashes + 1 : 1;
    this.#lastCrash = now;
    return this.#crashes === 1 ? 0 : Math.min(this.#baseMs * 2 ** (this.#crashes - 2), maxDelayMs);
  }

  /** True while a restart waits. */
  get waiting(): boolean {
    return this.#pending !== undefined;
  }

  /** Resolves after `delayMs`, or sooner on hurry(); rejects on cancel(). A restart still waiting is hurried first. */
  wait(delayMs: number): Promise<void> {
    this.hurry();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => this.hurry(), delayMs);
      const settle = (finish: () => void) => {
        clearTimeout(timer);
        this.#pending = undefined;
        finish();
      };
      this.#pending = { due: () => settle(resolve), cancel: (error) => settle(() => reject(error)) };
    });
  }

  /** The waiting restart goes now: a load asked for meanwhile makes the wait pointless. */
  hurry(): void {
    this.#pending?.due();
  }

  /** Hearth is closing: the waiting restart never happens. */
  cancel(error: HearthError): void {
    this.#pending?.cancel(error);
  }
}
