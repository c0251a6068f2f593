/**
 * Ids remembered for a while, at most `max` of them (the oldest forgotten
 * first): the bids and sessions a chain read found not to be this
 * provider's, so junk naming them again costs no read until it expires.
 */
export class RecentlySeen {
  readonly #until = new Map<string, number>();
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;

  constructor(options: { ttlMs: number; max: number; now?: () => number }) {
    this.#ttlMs = options.ttlMs;
    this.#max = options.max;
    this.#now = options.now ?? (() => performance.now());
  }

  get size(): number {
    return this.#until.size;
  }

  add(id: string): void {
    const key = id.toLowerCase();
    this.#until.delete(key);
    this.#until.set(key, this.#now() + this.#ttlMs);
    for (const oldest of this.#until.keys()) {
      if (this.#until.size <= this.#max) break;
      this.#until.delete(oldest);
    }
  }

  has(id: string): boolean {
    const key = id.toLowerCase();
    const until = this.#until.get(key);
    if (until === undefined) return false;
    if (until > this.#now()) return true;
    this.#until.delete(key);
    return false;
  }
}
