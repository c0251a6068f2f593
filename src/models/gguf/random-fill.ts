/**
 * A fast seeded random source for weights. xorshift128 gives 32 random bits
 * per step with a few shifts and xors, so filling the 143 MB bench model
 * takes a fraction of a second; its statistical flaws do not matter for
 * random weights. The same seed always gives the same bytes.
 */
export class RandomFill {
  #x: number;
  #y: number;
  #z: number;
  #w: number;

  constructor(seed: number) {
    // splitmix32 spreads any seed (0 included) over the four state words;
    // an all-zero xorshift state would only ever produce zeros.
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#x = next();
    this.#y = next();
    this.#z = next();
    this.#w = next() | 1;
  }

  /** Fills every element with 32 random bits. */
  fillUint32(target: Uint32Array): void {
    let x = this.#x;
    let y = this.#y;
    let z = this.#z;
    let w = this.#w;
    for (let i = 0; i < target.length; i++) {
      const t = x ^ (x << 11);
      x = y;
      y = z;
      z = w;
      w = (w ^ (w >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
      target[i] = w;
    }
    this.#x = x;
    this.#y = y;
    this.#z = z;
    this.#w = w;
  }
}
