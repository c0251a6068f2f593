import { describe, expect, it } from 'vitest';
import { toHalfBits } from '../../src/models/gguf/half.ts';

describe('toHalfBits', () => {
  it('encodes exact values, rounding and the edges of the half range as IEEE 754 does', () => {
    expect(toHalfBits(0)).toBe(0x0000);
    expect(toHalfBits(-0)).toBe(0x8000);
    expect(toHalfBits(1)).toBe(0x3c00);
    expect(toHalfBits(-2)).toBe(0xc000);
    expect(toHalfBits(0.1)).toBe(0x2e66);
    expect(toHalfBits(65504)).toBe(0x7bff); // largest finite half
    expect(toHalfBits(1e6)).toBe(0x7c00); // overflow becomes +Inf
    expect(toHalfBits(2 ** -14)).toBe(0x0400); // smallest normal
    expect(toHalfBits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(toHalfBits(2 ** -26)).toBe(0x0000); // underflow
    expect(toHalfBits(1 + 2 ** -11)).toBe(0x3c00); // a tie rounds to even
    expect(toHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(toHalfBits(Number.NaN) & 0x7c00).toBe(0x7c00);
  });
});
