/**
 * The thresholds a person's own corrections teach. Regenerating a local
 * reply on a provider says the local one was not good enough: similar
 * questions should go out, so the difficulty threshold moves down to just
 * below that question's score (and the confidence threshold up, past the
 * draft's). Regenerating a provider reply here says the reverse.
 *
 * Each threshold is a weighted mean of the default (worth `priorWeight`
 * fresh corrections) and the corrections' targets; a correction's weight
 * halves every `halfLifeMs` before the newest one, so the person's latest
 * taste wins without any clock. A correction the default already honours
 * teaches nothing and is left out. Results stay within `thresholdBounds`.
 */
import type { RouteThresholds } from './route-types.ts';

export interface Correction {
  /** Where the reply was written, and where the person had it written again. */
  from: 'local' | 'provider';
  to: 'local' | 'provider';
  /** The question's difficulty score. */
  difficulty: number;
  /** The local draft's low quantile when the route had one. */
  draftConfidence?: number;
  /** When, in milliseconds since 1970. */
  at: number;
}

export const thresholdBounds = {
  difficulty: { min: 0.1, max: 0.9 },
  confidence: { min: 0.02, max: 0.8 },
} as const;

const halfLifeMs = 7 * 24 * 60 * 60 * 1000;
const priorWeight = 2;
/** How far past the corrected question a threshold is set, so that question itself lands on the other side. */
const margin = 0.05;

const clamp = (value: number, bounds: { min: number; max: number }) => Math.min(bounds.max, Math.max(bounds.min, value));

interface Mean {
  weight: number;
  sum: number;
}

/** Adds `target` when it moves the threshold the way the correction asks (down when `down`). */
function pull(mean: Mean, target: number, down: boolean, fallback: number, weight: number): void {
  if (!Number.isFinite(target) || (down ? target >= fallback : target <= fallback)) return;
  mean.weight += weight;
  mean.sum += weight * target;
}

/** One order for any set of corrections, so sums round the same whatever order they were stored in. */
function byTimeThenContent(a: Correction, b: Correction): number {
  return a.at - b.at || a.difficulty - b.difficulty || a.to.localeCompare(b.to) || (a.draftConfidence ?? -1) - (b.draftConfidence ?? -1);
}

export function personalThresholds(defaults: RouteThresholds, corrections: readonly Correction[]): RouteThresholds {
  const changes = corrections.filter((correction) => correction.from !== correction.to).sort(byTimeThenContent);
  const newest = changes.at(-1)?.at ?? 0;
  const difficulty: Mean = { weight: priorWeight, sum: priorWeight * defaults.difficulty };
  const confidence: Mean = { weight: priorWeight, sum: priorWeight * defaults.confidence };
  for (const correction of changes) {
    const weight = 0.5 ** ((newest - correction.at) / halfLifeMs);
    if (!(weight > 0)) continue;
    const out = correction.to === 'provider';
    pull(difficulty, out ? correction.difficulty - margin : correction.difficulty + margin, out, defaults.difficulty, weight);
    if (correction.draftConfidence !== undefined) {
      pull(confidence, out ? correction.draftConfidence + margin : correction.draftConfidence - margin, !out, defaults.confidence, weight);
    }
  }
  return {
    difficulty: clamp(difficulty.sum / difficulty.weight, thresholdBounds.difficulty),
    confidence: clamp(confidence.sum / confidence.weight, thresholdBounds.confidence),
  };
}

/** Where a person starts before any correction: code with a couple of steps goes out, a plain question stays. */
export const defaultRouteThresholds: RouteThresholds = { difficulty: 0.5, confidence: 0.2 };
