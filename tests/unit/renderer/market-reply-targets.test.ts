/** Where a chat reply can be written, from the market as read and the routing mode, and how a choice maps to what chat.send is given. */
import { describe, expect, it } from 'vitest';
import { chosenOption, replyOptions, targetValue } from '../../../renderer/src/market/reply-targets.ts';
import { bid, hex, model, view } from './market-fixtures.ts';

const best = bid({ id: hex('1', 32), provider: hex('c', 20), score: 0.9 });
const second = bid({ id: hex('2', 32), provider: hex('d', 20), score: 0.5, pricePerSecondWei: '100000000000000' });
const leftOut = bid({
  id: hex('3', 32), provider: hex('e', 20), score: null,
  leftOut: { code: 'PROVIDER_UNREACHABLE', message: 'The provider did not answer.', action: 'Hearth tries another.' },
});
const everything = { automatic: true, providers: true };
const localOnly = { automatic: false, providers: false };

describe('the choices of where a reply is written', () => {
  it('offers Automatic, this computer, then per model its best provider and each ranked bid, never one left out', () => {
    const options = replyOptions(view({ models: [model({ bids: [best, leftOut, second] }), model({ id: hex('f', 32), name: 'empty', bids: [leftOut] })] }), everything);
    expect(options.map((option) => option.label)).toEqual([
      'Automatic — Hearth decides',
      'This computer',
      'Best provider: stories260K',
      'stories260K from 0xcccc…cccc at 0.0003 MOR/s',
      'stories260K from 0xdddd…dddd at 0.0001 MOR/s',
    ]);
    expect(options[0]?.target).toEqual({ kind: 'auto', confirmed: false });
    expect(options[1]?.target).toEqual({ kind: 'local' });
    expect(options[2]?.target).toEqual({ kind: 'provider', modelId: model().id, fallback: 'next-bid' });
    expect(options[2]?.bid).toBe(best);
    expect(options[4]?.target).toEqual({ kind: 'provider', bidId: second.id, modelId: model().id, fallback: 'next-bid' });
  });

  it('in local-only mode offers this computer alone: no provider, no bid, no price', () => {
    const options = replyOptions(view({ models: [model({ bids: [best, second] })] }), localOnly);
    expect(options.map((option) => option.label)).toEqual(['This computer']);
    expect(options.every((option) => option.bid === null)).toBe(true);
  });

  it('in a private conversation offers Automatic and this computer, no provider', () => {
    const options = replyOptions(view({ models: [model({ bids: [best] })] }), { automatic: true, providers: false });
    expect(options.map((option) => option.label)).toEqual(['Automatic — Hearth decides', 'This computer']);
  });

  it('offers only this computer with no marketplace, or before the market is known', () => {
    expect(replyOptions(view({ status: 'off' }), everything).map((option) => option.value)).toEqual(['local']);
    expect(replyOptions(null, everything).map((option) => option.value)).toEqual(['local']);
  });

  it('defaults to Automatic when no choice was made, and to this computer in local-only mode', () => {
    const market = view({ models: [model({ bids: [best] })] });
    expect(chosenOption(replyOptions(market, everything), null).label).toBe('Automatic — Hearth decides');
    expect(chosenOption(replyOptions(market, localOnly), null).label).toBe('This computer');
  });

  it('shows a chosen target as its option, and one no longer offered as this computer, never as Automatic', () => {
    const options = replyOptions(view({ models: [model({ bids: [best, second] })] }), everything);
    const chosenBid = { kind: 'provider', bidId: second.id, modelId: model().id, fallback: 'next-bid' } as const;
    expect(chosenOption(options, chosenBid).label).toBe('stories260K from 0xdddd…dddd at 0.0001 MOR/s');
    expect(chosenOption(options, { kind: 'provider', modelId: model().id, fallback: 'next-bid' }).label).toBe('Best provider: stories260K');
    expect(chosenOption(options, { kind: 'local' }).label).toBe('This computer');
    const gone = replyOptions(view({ models: [model({ bids: [best] })] }), everything);
    expect(chosenOption(gone, chosenBid).label).toBe('This computer');
    expect(chosenOption(replyOptions(view(), localOnly), chosenBid).label).toBe('This computer');
    expect(chosenOption(replyOptions(view(), localOnly), { kind: 'auto', confirmed: false }).label).toBe('This computer');
  });

  it('maps a target to one value whatever the case of its hex', () => {
    expect(targetValue({ kind: 'provider', bidId: hex('A', 32), fallback: 'next-bid' })).toBe(`bid:${hex('a', 32)}`);
    expect(targetValue({ kind: 'local' })).toBe('local');
    expect(targetValue({ kind: 'auto', confirmed: true })).toBe('auto');
    expect(targetValue(null)).toBeNull();
  });
});
