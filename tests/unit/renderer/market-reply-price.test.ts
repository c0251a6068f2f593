/** The price of a typical reply on a bid: 300 tokens at the provider's speed after its first-token wait, each second begun paid. */
import { describe, expect, it } from 'vitest';
import { typicalReplyPrice } from '../../../renderer/src/market/reply-price.ts';
import { bid } from './market-fixtures.ts';

const price = (tokensPerSecond: number, ttftMs: number, pricePerSecondWei = '1000') =>
  typicalReplyPrice(bid({ pricePerSecondWei, stats: { tokensPerSecond, ttftMs, seconds: 0, successCount: 0, totalCount: 0 } }));

describe('the price of a typical reply', () => {
  it('pays the seconds a 300-token reply takes at the recorded speed, plus the wait for the first token', () => {
    expect(price(30, 0)).toEqual({ seconds: 10, wei: 10_000n });
    expect(price(30, 2000)).toEqual({ seconds: 12, wei: 12_000n });
  });

  it('rounds a second begun up', () => {
    expect(price(30, 1)).toEqual({ seconds: 11, wei: 11_000n });
    expect(price(7, 0).seconds).toBe(43); // 42.86 s
  });

  it('assumes 20 tokens a second for a provider with no record', () => {
    expect(price(0, 0)).toEqual({ seconds: 15, wei: 15_000n });
    expect(price(0, 800).seconds).toBe(16);
  });

  it('bills no extra second for float noise on a whole number of seconds', () => {
    expect(price(3, 100).seconds).toBe(101);
    expect(price(300 / 7, 0).seconds).toBe(7);
  });

  it('keeps wei exact for prices past what a float holds', () => {
    expect(price(30, 0, '300000000000000001').wei).toBe(3_000_000_000_000_000_010n);
  });
});
