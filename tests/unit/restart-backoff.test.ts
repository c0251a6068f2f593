import { describe, expect, it } from 'vitest';
import { HearthError } from '../../src/api/errors.ts';
import { RestartBackoff } from '../../src/engine/restart-backoff.ts';

describe('restarts of a crashing inference worker', () => {
  it('come at once after a first crash, then after waits that double up to 30 s, and start over after a quiet minute', () => {
    const backoff = new RestartBackoff(1000);
    const waits = Array.from({ length: 9 }, (_, crash) => backoff.crashed(crash * 5_000));
    expect(waits).toEqual([0, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    expect(backoff.crashed(40_000 + 61_000)).toBe(0);
    expect(backoff.crashed(40_000 + 62_000)).toBe(1000);
  });

  it('lets a waiting restart go early when hurried, and never when cancelled', async () => {
    const backoff = new RestartBackoff(1000);
    const hurried = backoff.wait(60_000);
    expect(backoff.waiting).toBe(true);
    backoff.hurry();
    await expect(hurried).resolves.toBeUndefined();
    expect(backoff.waiting).toBe(false);

    const cancelled = backoff.wait(60_000);
    backoff.cancel(new HearthError('MODEL_NOT_READY', { details: 'Hearth is closing' }));
    await expect(cancelled).rejects.toMatchObject({ code: 'MODEL_NOT_READY' });
    expect(backoff.waiting).toBe(false);
  });
});
