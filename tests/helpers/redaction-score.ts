/**
 * Recall and precision of redaction over a labelled corpus. A found span is
 * a true positive when its value equals a labelled value of the same case
 * not matched yet (each labelled value counts once); per kind, recall is
 * taken over the labelled kind and precision over the found kind.
 */
import type { RedactionKind, RedactOptions, SensitiveSpan } from '../../src/router/redaction/index.ts';

export interface LabelledCase {
  category: string;
  text: string;
  spans: { kind: RedactionKind; value: string }[];
  privateTexts?: string[];
}

export interface KindScore {
  kind: RedactionKind;
  labelled: number;
  found: number;
  recall: number;
  precision: number;
}

export interface Miss {
  category: string;
  text: string;
  kind: RedactionKind;
  value: string;
}

export interface RedactionScore {
  cases: number;
  labelled: number;
  found: number;
  truePositives: number;
  recall: number;
  precision: number;
  byKind: KindScore[];
  /** Labelled values not found. */
  missed: Miss[];
  /** Values found that no label names. */
  falsePositives: Miss[];
}

type FindSpans = (text: string, options: RedactOptions) => SensitiveSpan[];

const ratio = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);

export function scoreRedaction(cases: readonly LabelledCase[], find: FindSpans): RedactionScore {
  const tally = new Map<RedactionKind, { labelled: number; found: number; recalled: number; correct: number }>();
  const count = (kind: RedactionKind) => {
    const entry = tally.get(kind) ?? { labelled: 0, found: 0, recalled: 0, correct: 0 };
    tally.set(kind, entry);
    return entry;
  };
  const missed: Miss[] = [];
  const falsePositives: Miss[] = [];
  let labelled = 0;
  let found = 0;
  let truePositives = 0;
  for (const labelledCase of cases) {
    const unmatched = [...labelledCase.spans];
    const spans = find(labelledCase.text, { privateTexts: labelledCase.privateTexts ?? [] });
    labelled += unmatched.length;
    found += spans.length;
    for (const label of unmatched) count(label.kind).labelled++;
    for (const span of spans) {
      count(span.kind).found++;
      const at = unmatched.findIndex((label) => label.value === span.value);
      if (at < 0) {
        falsePositives.push({ category: labelledCase.category, text: labelledCase.text, kind: span.kind, value: span.value });
        continue;
      }
      truePositives++;
      count(span.kind).correct++;
      count(unmatched[at]!.kind).recalled++;
      unmatched.splice(at, 1);
    }
    for (const label of unmatched) missed.push({ category: labelledCase.category, text: labelledCase.text, ...label });
  }
  const byKind = [...tally].map(([kind, entry]) => ({
    kind,
    labelled: entry.labelled,
    found: entry.found,
    recall: ratio(entry.recalled, entry.labelled),
    precision: ratio(entry.correct, entry.found),
  }));
  return {
    cases: cases.length,
    labelled,
    found,
    truePositives,
    recall: ratio(truePositives, labelled),
    precision: ratio(truePositives, found),
    byKind: byKind.sort((a, b) => a.kind.localeCompare(b.kind)),
    missed,
    falsePositives,
  };
}
