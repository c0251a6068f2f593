import { describe, expect, it } from 'vitest';
import { formatBytes, formatEta, formatRate } from '../../../renderer/src/models/format.ts';

describe('download figures on the Models page', () => {
  it('shows sizes and speeds in the unit a person reads', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(196_608)).toBe('192 KB');
    expect(formatBytes(4_194_304)).toBe('4.0 MB');
    expect(formatBytes(986_000_000)).toBe('940 MB');
    expect(formatBytes(4_920_000_000)).toBe('4.6 GB');
    expect(formatRate(651_264)).toBe('636 KB/s');
  });

  it('says how long is left, or that it is still estimating', () => {
    expect(formatEta(null)).toBe('estimating…');
    expect(formatEta(6.2)).toBe('7 s left');
    expect(formatEta(125)).toBe('3 min left');
    expect(formatEta(5400)).toBe('1.5 h left');
  });
});
