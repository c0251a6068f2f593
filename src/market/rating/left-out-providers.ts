/**
 * Providers left out of the ranking for a while after they failed a reply
 * (dropped it, went silent, or sent a chunk that was not theirs): the next
 * question goes to the next ranked bid. Each is let back in when its time
 * is up, as a provider may have been only briefly unwell.
 */
import type { ErrorCode } from '../../api/errors.ts';

export interface LeftOutProvider {
  address: string;
  /** What it did: the error code of the failed reply. */
  reason: ErrorCode;
  /** Milliseconds since the epoch. */
  until: number;
}

export class LeftOutProviders {
  readonly #entries = new Map<string, LeftOutProvider>();
  readonly #durationMs: number;
  readonly #now: () => number;

  constructor({ durationMs, now = Date.now }: { durationMs: number; now?: () => number }) {
    this.#durationMs = durationMs;
    this.#now = now;
  }

  leaveOut(address: string, reason: ErrorCode): LeftOutProvider {
    const entry = { address: address.toLowerCase(), reason, until: this.#now() + this.#durationMs };
    this.#entries.set(entry.address, entry);
    return entry;
  }

  isLeftOut(address: string): boolean {
    const entry = this.#entries.get(address.toLowerCase());
    if (!entry) return false;
    if (entry.until > this.#now()) return true;
    this.#entries.delete(entry.address);
    return false;
  }

  /** Those left out now. */
  list(): LeftOutProvider[] {
    return [...this.#entries.values()].filter((entry) => this.isLeftOut(entry.address));
  }
}
