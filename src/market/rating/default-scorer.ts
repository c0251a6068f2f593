/**
 * How good a bid is for its price, computed as Morpheus's proxy-router's
 * default scorer does (internal/rating/scorer_default.go and common.go), so
 * Hearth picks the provider a Morpheus user's own router would pick:
 *
 *   score = (0.24·tps + 0.08·ttft + 0.24·duration + 0.32·success + 0.12·stake) / (price / 1e18)
 *
 * - tps, ttft, duration: the provider's value for this model as a z-score
 *   against the model's running stats over all its providers (sample
 *   variance sqSum / (count − 1); no spread, or one observation, gives 0),
 *   clipped to ±3 and mapped onto [0, 1]; a lower ttft scores higher.
 * - success: (successCount / totalCount)², 0 without sessions.
 * - stake: the provider's stake on [minStake, 10 × minStake] mapped onto [0, 1].
 * - price: MOR wei per second, over 1e18, as a float.
 *
 * One difference, on purpose: Go reads stakes with big.Int.Int64(), which
 * wraps above 9.2 MOR; here they are exact bigints. Below that, the two agree.
 */
import type { ModelStats, ProviderModelStats, RunningStat } from '../chain/client.ts';

export interface ScoreInput {
  /** The provider's record for this model (getProviderModelStats). */
  providerModel: ProviderModelStats;
  /** Every provider's record for this model together (getModelStats). */
  model: ModelStats;
  pricePerSecond: bigint;
  providerStake: bigint;
  /** The provider registry's minimum stake (getProviderMinimumStake). */
  minStake: bigint;
}

export interface ScoreWeights { tps: number; ttft: number; duration: number; success: number; stake: number }

/** The weights Morpheus ships as its default rating config. */
export const defaultWeights: ScoreWeights = { tps: 0.24, ttft: 0.08, duration: 0.24, success: 0.32, stake: 0.12 };

/** Each part of a score on [0, 1], before the weights and the price. */
export type ScoreParts = ScoreWeights;

/** z-scores are clipped to ±this before they are mapped onto [0, 1]. */
const zClip = 3;

function standardDeviation(stat: RunningStat, count: number): number {
  if (count <= 1) return 0;
  const variance = Number(stat.sqSum) / (count - 1);
  // A negative sum of squares (an overflow on chain) counts as no spread, as in Go.
  return variance < 0 ? 0 : Math.sqrt(variance);
}

function zScore(value: bigint, stat: RunningStat, count: number): number {
  const sd = standardDeviation(stat, count);
  return sd === 0 ? 0 : Number(value - stat.mean) / sd;
}

const clip01 = (value: number) => Math.min(1, Math.max(0, value));
const fromZ = (z: number) => clip01((z + zClip) / (2 * zClip));

function minMax(value: bigint, min: bigint, max: bigint): number {
  if (max === min || value < min) return 0;
  if (value > max) return 1;
  return Number(value - min) / Number(max - min);
}

export function scoreParts({ providerModel, model, providerStake, minStake }: ScoreInput): ScoreParts {
  const { totalCount, successCount } = providerModel;
  const successRatio = totalCount === 0 ? 0 : successCount / totalCount;
  return {
    tps: fromZ(zScore(providerModel.tpsScaled1000.mean, model.tpsScaled1000, model.count)),
    ttft: fromZ(-zScore(providerModel.ttftMs.mean, model.ttftMs, model.count)),
    duration: fromZ(zScore(BigInt(providerModel.totalDuration), model.totalDuration, model.count)),
    success: successRatio * successRatio,
    stake: minMax(providerStake, minStake, 10n * minStake),
  };
}

/**
 * The bid's score: higher is better. A bid priced at 0 scores Infinity or
 * NaN; rankBids leaves such bids out, as Morpheus's router does.
 */
export function scoreBid(input: ScoreInput, weights: ScoreWeights = defaultWeights): number {
  const parts = scoreParts(input);
  // Summed in Go's order, so the floats match to the last bit.
  const total = weights.tps * parts.tps + weights.ttft * parts.ttft + weights.duration * parts.duration
    + weights.success * parts.success + weights.stake * parts.stake;
  return total / (Number(input.pricePerSecond) / 1e18);
}
