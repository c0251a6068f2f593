/** What was redacted, for the UI: how many distinct values of each kind. */
import type { Placeholder, RedactionKind } from './types.ts';

export interface RedactionSummary {
  total: number;
  byKind: Partial<Record<RedactionKind, number>>;
}

export function summarizeRedaction(placeholders: readonly Placeholder[]): RedactionSummary {
  const byKind: Partial<Record<RedactionKind, number>> = {};
  for (const { kind } of placeholders) byKind[kind] = (byKind[kind] ?? 0) + 1;
  return { total: placeholders.length, byKind };
}
