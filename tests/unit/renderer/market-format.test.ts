/** How the Providers page words the market: the read time, a bid's price and record, and the order of its bids. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { rankedFirst } from '../../../renderer/src/market/bid-ranking.ts';
import { clockTime, pricePerSecond, statsText } from '../../../renderer/src/market/format.ts';
import { MarketStatusLine } from '../../../renderer/src/market/MarketStatusLine.tsx';
import { ModelBids } from '../../../renderer/src/market/ModelBids.tsx';
import { bid, hex, model, view } from './market-fixtures.ts';

const failing = bid({
  id: hex('3', 32), provider: hex('e', 20), score: null,
  leftOut: { code: 'PROVIDER_UNREACHABLE', message: 'This provider did not answer.', action: 'Hearth asks another.' },
});
const ranked = bid({ id: hex('1', 32), provider: hex('c', 20), score: 0.9 });
const second = bid({ id: hex('2', 32), provider: hex('d', 20), score: 0.456, stats: { tokensPerSecond: 0, ttftMs: 0, seconds: 0, successCount: 0, totalCount: 0 } });

describe('the market in words', () => {
  it('gives the read time on a 24-hour clock', () => {
    expect(clockTime(new Date(2025, 0, 1, 14, 5).getTime())).toBe('14:05');
    expect(clockTime(new Date(2025, 0, 1, 9, 0).getTime())).toBe('09:00');
  });

  it('gives prices per second and the provider record', () => {
    expect(pricePerSecond(bid())).toBe('0.0003 MOR/s');
    expect(statsText(bid().stats)).toBe('30.0 tok/s · TTFT 500 ms · 4/5 replies');
    expect(statsText(second.stats)).toBe('No replies on record yet');
  });

  it('puts ranked bids first, in their order, then those left out, even when a failed provider sits among them', () => {
    expect(rankedFirst(model({ bids: [ranked, failing, second] })).map((b) => b.id)).toEqual([ranked.id, second.id, failing.id]);
  });
});

describe('a model on the Providers page', () => {
  const html = renderToStaticMarkup(createElement(ModelBids, { model: model({ bids: [failing, ranked, second] }) }));

  it('lists each bid with its price, typical reply, score, record and whether it answers', () => {
    expect(html).toContain('<h2');
    expect(html).toContain('stories260K');
    expect(html).toContain('0.0003 MOR/s');
    expect(html).toContain('≈ 0.0033 MOR'); // 300 tokens at 30 tok/s after 500 ms: 11 s
    expect(html).toContain('≈ 0.0045 MOR'); // no record: 20 tok/s, 15 s
    expect(html).toContain('0.90');
    expect(html).toContain('0.46');
    expect(html).toContain('Answers');
    expect(html).toContain('This provider did not answer.');
    expect(html.indexOf('0xcccc')).toBeLessThan(html.indexOf('0xdddd'));
    expect(html.indexOf('0xdddd')).toBeLessThan(html.indexOf('0xeeee'));
  });
});

describe('the market read status', () => {
  const line = (overrides: Parameters<typeof view>[0]) => renderToStaticMarkup(createElement(MarketStatusLine, { view: view(overrides) }));

  it('says when no marketplace is configured, and keeps the last read when a read failed', () => {
    expect(line({ status: 'off', readAt: null, models: [] })).toContain('No marketplace is configured: chat stays on this computer.');
    const failed = line({
      status: 'failed', readAt: new Date(2025, 0, 1, 14, 5).getTime(),
      error: { code: 'CHAIN_UNREACHABLE', message: 'The chain node did not answer.', action: 'Check the RPC address.' },
    });
    expect(failed).toContain('The chain node did not answer.');
    expect(failed).toContain('Showing the models as read at 14:05.');
    expect(line({ readAt: new Date(2025, 0, 1, 14, 5).getTime() })).toContain('read at 14:05');
  });
});
