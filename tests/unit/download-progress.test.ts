import { describe, expect, it } from 'vitest';
import { formatProgressBar } from '../../src/cli/progress-bar.ts';
import { createProgressMeter, type DownloadProgress } from '../../src/models/download/progress-meter.ts';

describe('download progress', () => {
  it('is reported at most once per interval, with the rate and the time left', () => {
    let clock = 0;
    const events: DownloadProgress[] = [];
    const meter = createProgressMeter((progress) => events.push(progress), 250, () => clock);
    meter.setTotal(10_000_000);
    for (let ms = 0; ms <= 1000; ms += 10) {
      clock = ms;
      meter.update(ms * 1000);
    }
    expect(events).toHaveLength(5);
    const last = events.at(-1)!;
    expect(last.bytes).toBe(1_000_000);
    expect(last.bytesPerSecond).toBeCloseTo(1_000_000, -3);
    expect(last.etaSeconds).toBeCloseTo(9, 0);
    meter.finish(10_000_000);
    expect(events.at(-1)).toMatchObject({ bytes: 10_000_000, etaSeconds: 0 });
  });

  it('draws a bar with percent, bytes, rate and ETA', () => {
    const line = formatProgressBar({ bytes: 3 * 2 ** 20, totalBytes: 12 * 2 ** 20, bytesPerSecond: 2 ** 20, etaSeconds: 9 }, 8);
    expect(line).toBe('[##......]  25%  3.0 MiB / 12.0 MiB  1.0 MiB/s  ETA 0:09');
    expect(formatProgressBar({ bytes: 2048, totalBytes: null, bytesPerSecond: 0, etaSeconds: null })).toBe('2 KiB  0 B/s');
  });
});
