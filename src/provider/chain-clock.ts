/**
 * The second approvals and receipts are dated: the contract checks their
 * age against block time, so a chain whose clock runs ahead of this
 * computer's (a dev chain moved forward, a drifting clock) is followed. For
 * requests anyone can send, the chain's time is read at most once per
 * `maxAgeMs`, however many ask: a flood costs no more reads than one.
 */
export class ChainClock {
  readonly #read: () => Promise<bigint>;
  readonly #maxAgeMs: number;
  #offset: { seconds: bigint; readAt: number } | undefined;
  #reading: Promise<bigint> | undefined;

  constructor(readChainTime: () => Promise<bigint>, maxAgeMs = 1_000) {
    this.#read = readChainTime;
    this.#maxAgeMs = maxAgeMs;
  }

  /** `fresh`: read the chain now (for a request whose sender has proven it pays for a session). */
  async second(options: { fresh?: boolean } = {}): Promise<bigint> {
    const nowMs = Date.now();
    const wall = BigInt(Math.floor(nowMs / 1000));
    const offset = await this.#offsetSeconds(nowMs, options.fresh ?? false);
    return offset > 0n ? wall + offset : wall;
  }

  async #offsetSeconds(nowMs: number, fresh: boolean): Promise<bigint> {
    if (!fresh && this.#offset && nowMs - this.#offset.readAt < this.#maxAgeMs) return this.#offset.seconds;
    this.#reading ??= this.#read().then((chain) => {
      const seconds = chain - BigInt(Math.floor(Date.now() / 1000));
      this.#offset = { seconds, readAt: Date.now() };
      return seconds;
    }).finally(() => { this.#reading = undefined; });
    return this.#reading;
  }
}
