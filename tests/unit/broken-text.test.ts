import { describe, expect, it } from 'vitest';
import { findBrokenText } from '../../src/core/dispatch.ts';

describe('finding text SQLite would not store as sent', () => {
  it('passes well-formed text, emoji (surrogate pairs) included', () => {
    expect(findBrokenText({ text: 'plain, accents \u00e9, emoji \ud83d\ude00', list: ['a', { b: 'c' }], n: 1, none: null })).toBeNull();
  });

  it('names where a lone surrogate is, in a value or a key, at any depth', () => {
    expect(findBrokenText({ conversationId: null, text: 'a\ud800b' })).toBe('params.text');
    expect(findBrokenText({ outer: { inner: ['ok', 'x\udfff'] } })).toBe('params.outer.inner.1');
    expect(findBrokenText({ ['key\ud83d']: 'value' })).toBe('params');
    expect(findBrokenText('\ude00 reversed pair \ud83d')).toBe('params');
  });

  it('walks any nesting depth without overflowing the stack', () => {
    let deep: unknown = 'bottom\ud800';
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(findBrokenText(deep)).toMatch(/^params(\.0)+$/);
  });
});
