/** Where a chat reply can be written, from the market as read, and how a choice maps to what chat.send is given. */
import { describe, expect, it } from 'vitest';
import { chosenOption, replyOptions, targetValue } from '../../../renderer/src/market/reply-targets.ts';
import { bid, hex, model, view } from './market-fixtures.ts';

const best = bid({ id: hex('1', 32), provider: hex('c', 20), score: 0.9 });
const second = bid({ id: hex('2', 32), provider: hex('d', 20), score: 0.5, pricePerSecondWei: '100000000000000' });
const leftOut = bid({
  id: hex('3', 32), provider: hex('e', 20), score: null,
  leftOut: { code: 'PROVIDER_UNREACHABLE', message: 'The provider did not answer.', action: 'Hearth tries another.' },
});

describe('the choices of where a reply is written', () => {
  it('offers this computer, then per model its best provider and each ranked bid, never one left out', () => {
    const options = replyOptions(view({ models: [model({ bids: [best, leftOut, second] }), model({ id: hex('f', 32), name: 'empty', bids: [leftOut] })] }));
    expect(options.map((option) => option.label)).toEqual([
      'This computer',
      'Best provider: stories260K',
      'stories260K from 0xcccc…cccc at 0.0003 MOR/s',
      'stories260K from 0xdddd…dddd at 0.0001 MOR/s',
    ]);
    expect(options[1]?.target).toEqual({ kind: 'provider', modelId: model().id, fallback: 'next-bid' });
    expect(options[1]?.bid).toBe(best);
    expect(options[3]?.target).toEqual({ kind: 'provider', bidId: second.id, modelId: model().id, fallback: 'next-bid' });
    expect(options[0]?.target).toBeNull();
  });

  it('offers only this computer with no marketplace, or before the market is known', () => {
    expect(replyOptions(view({ status: 'off' })).map((option) => option.value)).toEqual(['local']);
    expect(replyOptions(null).map((option) => option.value)).toEqual(['local']);
  });

  it('shows a chosen target as its option, and one the market no longer offers as this computer', () => {
    const options = replyOptions(view({ models: [model({ bids: [best, second] })] }));
    const chosenBid = { kind: 'provider', bidId: second.id, modelId: model().id, fallback: 'next-bid' } as const;
    expect(chosenOption(options, chosenBid).label).toBe('stories260K from 0xdddd…dddd at 0.0001 MOR/s');
    expect(chosenOption(options, { kind: 'provider', modelId: model().id, fallback: 'next-bid' }).label).toBe('Best provider: stories260K');
    expect(chosenOption(options, null).label).toBe('This computer');
    const gone = replyOptions(view({ models: [model({ bids: [best] })] }));
    expect(chosenOption(gone, chosenBid).label).toBe('This computer');
  });

  it('maps a target to one value whatever the case of its hex', () => {
    expect(targetValue({ kind: 'provider', bidId: hex('A', 32), fallback: 'next-bid' })).toBe(`bid:${hex('a', 32)}`);
    expect(targetValue({ kind: 'local' })).toBe('local');
    expect(targetValue(null)).toBe('local');
  });
});
