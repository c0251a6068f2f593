/**
 * How hard a question looks, from its text alone: cheap signals (length,
 * code, math, steps, attachments) read in one pass of a few patterns, and a
 * score in [0, 1] that grows with each. A noisy-or keeps the score in range
 * and lets any strong signal lift it without one cancelling another.
 */

export interface DifficultySignals {
  chars: number;
  words: number;
  hasCode: boolean;
  hasMath: boolean;
  /** Numbered or bulleted lines, and words that order steps ("first", "then", "finally"). */
  stepCount: number;
  attachments: number;
}

const codePattern = /```|`[^`\n]+`|^\s*(?:def|class|function|fn|func|import|#include)\s+\w|[;{}]\s*$|=>|\b\w+\.\w+\(|<\/?[a-z][a-z0-9]*>/m;
const mathPattern = /\d\s*[+*^×÷=]\s*\d|\b[a-z]\^\d|[∑∫√≤≥≠∞π∂]|\\(?:frac|sum|int|sqrt)\b|\b(?:integral|derivative|equation|theorem|prove|probability|matrix|eigen\w*|logarithm)\b/i;
const listedStepPattern = /^\s*(?:\d+[.)]|[-*•])\s+\S/gm;
const orderedStepPattern = /\b(?:first|second|third|then|next|finally|afterwards)\b/gi;

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 160;
}

function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let index = 0; index < text.length; index++) {
    const space = isSpace(text.charCodeAt(index));
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

export function cheapSignals(text: string, attachments: number): DifficultySignals {
  return {
    chars: text.length,
    words: countWords(text),
    hasCode: codePattern.test(text),
    hasMath: mathPattern.test(text),
    stepCount: (text.match(listedStepPattern)?.length ?? 0) + (text.match(orderedStepPattern)?.length ?? 0),
    attachments,
  };
}

/** Each signal's most weight, reached at the length, step count or attachment count named beside it. */
const weights = { length: 0.45, code: 0.45, math: 0.45, steps: 0.5, attachments: 0.4 } as const;
const wordsAtFullWeight = 300;
const stepsAtFullWeight = 4;
const attachmentsAtFullWeight = 2;

const share = (count: number, atFull: number) => Math.min(1, Math.max(0, count) / atFull);

/** Near 0 for a short plain question; over one half for code with a few steps, or code with math. */
export function difficultyScore(signals: DifficultySignals): number {
  const easy = (1 - weights.length * share(signals.words, wordsAtFullWeight))
    * (signals.hasCode ? 1 - weights.code : 1)
    * (signals.hasMath ? 1 - weights.math : 1)
    * (1 - weights.steps * share(signals.stepCount, stepsAtFullWeight))
    * (1 - weights.attachments * share(signals.attachments, attachmentsAtFullWeight));
  return 1 - easy;
}

/** The signals that make a question look hard, in words for a reason ("code", "4 steps"). */
export function hardSignalWords(signals: DifficultySignals): string[] {
  const words: string[] = [];
  if (signals.words >= wordsAtFullWeight / 2) words.push(`${signals.words} words`);
  if (signals.hasCode) words.push('code');
  if (signals.hasMath) words.push('math');
  if (signals.stepCount >= 2) words.push(`${signals.stepCount} steps`);
  if (signals.attachments > 0) words.push(signals.attachments === 1 ? 'an attachment' : `${signals.attachments} attachments`);
  return words;
}
