/**
 * Bids ranked as Morpheus's proxy-router ranks them (its default scorer), on
 * a worked table whose numbers are computed by hand below, and on the cases
 * of Morpheus's own scorer_default_test.go (they assert orderings and
 * finiteness, not values, so those are asserted here the same way).
 */
import { parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import type { ModelStats, ProviderModelStats } from '../../src/market/chain/client.ts';
import { scoreBid, scoreParts, type ScoreInput } from '../../src/market/rating/default-scorer.ts';
import { rankBids } from '../../src/market/rating/rank-bids.ts';

const record = (tps: bigint, ttft: bigint, totalDuration: number, successCount: number, totalCount: number): ProviderModelStats => ({
  tpsScaled1000: { mean: tps, sqSum: 0n }, ttftMs: { mean: ttft, sqSum: 0n }, totalDuration, successCount, totalCount,
});
const noRecord = record(0n, 0n, 0, 0, 0);
const noModelStats: ModelStats = {
  tpsScaled1000: { mean: 0n, sqSum: 0n }, ttftMs: { mean: 0n, sqSum: 0n }, totalDuration: { mean: 0n, sqSum: 0n }, count: 0,
};

/*
 * The worked table. The model's record over its 5 agreed sessions:
 *   tps×1000 mean 10 000, sqSum 16 000 000 → sd √(16e6 / 4) = 2000
 *   ttft ms  mean 500,    sqSum 40 000     → sd √(4e4 / 4)  = 100
 *   duration mean 600 s,  sqSum 360 000    → sd √(3.6e5 / 4) = 300
 * The minimum provider stake is 0.2 MOR, so stake maps [0.2, 2] MOR onto [0, 1].
 *
 * A: tps 14 000 → z +2 → (2+3)/6 = 5/6; ttft 400 → z −1, inverted +1 → 4/6;
 *    duration 900 → z +1 → 4/6; success 9/10 → 0.81; stake 1.1 MOR → 0.9/1.8 = 0.5;
 *    total 0.24·5/6 + 0.08·2/3 + 0.24·2/3 + 0.32·0.81 + 0.12·0.5
 *        = 0.2 + 0.05333… + 0.16 + 0.2592 + 0.06 = 0.732533…
 *    price 1e12 wei/s = 1e-6 MOR/s → score 732 533.33…
 * B: tps 30 000 → z +10, clipped to +3 → 1; ttft 900 → z +4, inverted −4, clipped → 0;
 *    duration 0 → z −2 → 1/6; no sessions → success 0; stake 5 MOR > 2 → 1;
 *    total 0.24 + 0 + 0.04 + 0 + 0.12 = 0.40; price 2e-6 → 200 000
 * C: a new provider, no record: tps 0 → z −5 → 0; ttft 0 → z −5, inverted +5 → 1;
 *    duration 1/6; success 0; stake at the minimum → 0;
 *    total 0.08 + 0.04 = 0.12; price 1e-6 → 120 000
 * D: C's record at half C's price (5e11) → 240 000
 * E: A's record at price 0 → no score (Infinity): left out.
 * Ranked: A (732 533), D (240 000), B (200 000), C (120 000).
 */
const model: ModelStats = {
  tpsScaled1000: { mean: 10_000n, sqSum: 16_000_000n }, ttftMs: { mean: 500n, sqSum: 40_000n }, totalDuration: { mean: 600n, sqSum: 360_000n }, count: 5,
};
const minStake = parseEther('0.2');
const table: (ScoreInput & { name: string })[] = [
  { name: 'C', providerModel: noRecord, model, providerStake: minStake, minStake, pricePerSecond: 10n ** 12n },
  { name: 'E', providerModel: record(14_000n, 400n, 900, 9, 10), model, providerStake: parseEther('1.1'), minStake, pricePerSecond: 0n },
  { name: 'B', providerModel: record(30_000n, 900n, 0, 0, 0), model, providerStake: parseEther('5'), minStake, pricePerSecond: 2n * 10n ** 12n },
  { name: 'A', providerModel: record(14_000n, 400n, 900, 9, 10), model, providerStake: parseEther('1.1'), minStake, pricePerSecond: 10n ** 12n },
  { name: 'D', providerModel: noRecord, model, providerStake: minStake, minStake, pricePerSecond: 5n * 10n ** 11n },
];
const row = (name: string) => table.find((r) => r.name === name)!;

describe('the default scorer, as Morpheus\u2019s router rates bids', () => {
  it('gives each part of the worked table the value computed by hand', () => {
    expect(scoreParts(row('A'))).toEqual({ tps: expect.closeTo(5 / 6, 12), ttft: expect.closeTo(2 / 3, 12), duration: expect.closeTo(2 / 3, 12), success: expect.closeTo(0.81, 12), stake: 0.5 });
    expect(scoreParts(row('B'))).toEqual({ tps: 1, ttft: 0, duration: expect.closeTo(1 / 6, 12), success: 0, stake: 1 });
    expect(scoreParts(row('C'))).toEqual({ tps: 0, ttft: 1, duration: expect.closeTo(1 / 6, 12), success: 0, stake: 0 });
  });

  it('scores the worked table as computed by hand, the total divided by the price in MOR per second', () => {
    expect(scoreBid(row('A'))).toBeCloseTo(732_533.3333, 3);
    expect(scoreBid(row('B'))).toBeCloseTo(200_000, 6);
    expect(scoreBid(row('C'))).toBeCloseTo(120_000, 6);
    expect(scoreBid(row('D'))).toBeCloseTo(240_000, 6);
  });

  it('ranks the worked table best first and leaves out the bid priced at 0', () => {
    const { ranked, unscored } = rankBids(table, (r) => r);
    expect(ranked.map((r) => r.bid.name)).toEqual(['A', 'D', 'B', 'C']);
    expect(unscored.map((r) => r.name)).toEqual(['E']);
  });

  it('ranks bids with equal records by price, the cheaper first, and keeps the chain\u2019s order on a tie', () => {
    const bids = [
      { id: 'dear', price: 2n * 10n ** 12n }, { id: 'cheap', price: 10n ** 12n }, { id: 'cheap-too', price: 10n ** 12n },
    ];
    const input = (bid: { price: bigint }): ScoreInput => ({ providerModel: noRecord, model: noModelStats, providerStake: minStake, minStake, pricePerSecond: bid.price });
    expect(rankBids(bids, input).ranked.map((r) => r.bid.id)).toEqual(['cheap', 'cheap-too', 'dear']);
  });
});

describe('Morpheus\u2019s own scorer tests (scorer_default_test.go), on our scorer', () => {
  const base = (): ScoreInput => ({ providerModel: { ...noRecord }, model: { ...noModelStats }, providerStake: 0n, minStake: 0n, pricePerSecond: 10n ** 16n });

  it('TestZeroObservations: no records at a price of 1 wei scores a finite number (0.28e18: each z-part is 0.5, no stake range)', () => {
    const score = scoreBid({ ...base(), pricePerSecond: 1n });
    expect(Number.isFinite(score)).toBe(true);
    expect(score).toBeCloseTo(0.28e18, -4);
  });

  it('TestPriceIncrease and TestPriceImpact: a higher price scores lower', () => {
    expect(scoreBid({ ...base(), pricePerSecond: 1n })).toBeGreaterThan(scoreBid({ ...base(), pricePerSecond: 2n }));
    expect(scoreBid({ ...base(), pricePerSecond: 10n ** 16n })).toBeGreaterThan(scoreBid({ ...base(), pricePerSecond: 2n * 10n ** 16n }));
  });

  it('TestFirstTTFTObservation: with one observation there is no spread, so ttft does not change the score', () => {
    const withTtft = (ttft: bigint) => scoreBid({ ...base(), providerModel: record(0n, ttft, 0, 1, 1), model: { ...noModelStats, count: 1 } });
    expect(withTtft(100n)).toBe(withTtft(200n));
  });

  it('TestTPSImpact and TestTTFTImpact: a higher tps scores higher, a higher ttft lower', () => {
    const tpsModel = { ...noModelStats, count: 2, tpsScaled1000: { mean: 100n, sqSum: 1000n } };
    const withTps = (tps: bigint) => scoreBid({ ...base(), providerModel: record(tps, 0n, 0, 1, 1), model: tpsModel });
    expect(withTps(100n)).toBeLessThan(withTps(150n));
    const ttftModel = { ...noModelStats, count: 2, ttftMs: { mean: 100n, sqSum: 1000n } };
    const withTtft = (ttft: bigint) => scoreBid({ ...base(), providerModel: record(0n, ttft, 0, 1, 1), model: ttftModel });
    expect(withTtft(100n)).toBeGreaterThan(withTtft(150n));
  });

  it('TestSuccessScoreImpact: more successes of the same total score higher', () => {
    const withSuccesses = (n: number) => scoreBid({ ...base(), providerModel: record(0n, 0n, 0, n, 2), model: { ...noModelStats, count: 2 } });
    expect(withSuccesses(1)).toBeLessThan(withSuccesses(2));
  });

  it('TestStakeScoreImpact and TestStakeScoreImpactLimit: more stake scores higher, up to 10 × the minimum', () => {
    const withStake = (stake: bigint, min: bigint) => scoreBid({ ...base(), providerStake: stake, minStake: min });
    expect(withStake(2n, 1n)).toBeLessThan(withStake(3n, 1n));
    expect(withStake(100n, 10n)).toBe(withStake(110n, 10n));
  });

  it('TestNegativeSqSumDoesNotProduceNaN: a negative sum of squares (an overflow on chain) counts as no spread', () => {
    const score = scoreBid({
      ...base(), pricePerSecond: 10n ** 10n,
      model: { ...noModelStats, count: 5, tpsScaled1000: { mean: 500n, sqSum: -100_000n }, ttftMs: { mean: 200n, sqSum: -50_000n } },
    });
    expect(Number.isFinite(score)).toBe(true);
  });

  it('reads stakes above 9.2 MOR exactly, where Go\u2019s Int64() would wrap', () => {
    const min = parseEther('2');
    expect(scoreParts({ ...base(), providerStake: parseEther('11'), minStake: min }).stake).toBeCloseTo(0.5, 12);
  });
});
