/**
 * Turns the matches of a global regular expression into spans. With a
 * `value` group (the `d` flag gives its offsets) only that part is the
 * sensitive value, so a label such as `password:` stays readable.
 */
import type { RedactionKind, SensitiveSpan } from '../types.ts';

export function matchSpans(
  text: string,
  pattern: RegExp,
  kind: RedactionKind,
  accept: (value: string, match: RegExpExecArray) => boolean = () => true,
): SensitiveSpan[] {
  const spans: SensitiveSpan[] = [];
  for (const match of text.matchAll(pattern)) {
    const range = match.indices?.groups?.value ?? [match.index, match.index + match[0].length];
    const value = text.slice(range[0], range[1]);
    if (value.length > 0 && accept(value, match)) spans.push({ kind, start: range[0], end: range[1], value });
  }
  return spans;
}

/** The text of the line before `index`, up to `width` characters back. */
export function lineBefore(text: string, index: number, width: number): string {
  const from = Math.max(0, index - width);
  const before = text.slice(from, index);
  const newline = before.lastIndexOf('\n');
  return newline < 0 ? before : before.slice(newline + 1);
}
