/**
 * A message decided for its preview and again when sent is drafted once:
 * the draft is remembered for a minute, for that very question only.
 */
import { describe, expect, it } from 'vitest';
import { RecentDrafts } from '../../src/router/recent-drafts.ts';

const turn = (text: string) => ({ role: 'user' as const, text });

describe('recent drafts', () => {
  it('give back the draft of the same question within a minute, and not after', () => {
    let now = 0;
    const drafts = new RecentDrafts(() => now);
    const key = RecentDrafts.keyOf('c1', [turn('hi')], 'What is a lighthouse?');
    drafts.set(key, [0.9, 0.4]);
    now = 59_000;
    expect(drafts.get(key)).toEqual([0.9, 0.4]);
    now = 60_001;
    expect(drafts.get(key)).toBeUndefined();
  });

  it('tell questions apart by conversation, by the turns before them and by their text', () => {
    const keys = [
      RecentDrafts.keyOf('c1', [turn('hi')], 'What is a lighthouse?'),
      RecentDrafts.keyOf('c2', [turn('hi')], 'What is a lighthouse?'),
      RecentDrafts.keyOf('c1', [turn('hello')], 'What is a lighthouse?'),
      RecentDrafts.keyOf('c1', [turn('hi'), turn('and')], 'What is a lighthouse?'),
      RecentDrafts.keyOf('c1', [turn('hi')], 'What is a harbour?'),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keep only the last sixteen', () => {
    const drafts = new RecentDrafts(() => 0);
    for (let n = 0; n < 40; n++) drafts.set(`q${n}`, [n / 40]);
    expect(drafts.get('q23')).toBeUndefined();
    expect(drafts.get('q24')).toEqual([24 / 40]);
    expect(drafts.get('q39')).toEqual([39 / 40]);
  });
});
