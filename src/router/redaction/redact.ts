/** Replaces each sensitive value in a text by its placeholder, before the text leaves the device. */
import { findSensitiveSpans } from './find.ts';
import { createPlaceholderTable } from './placeholders.ts';
import type { Redaction, RedactOptions } from './types.ts';

export function redact(text: string, options: RedactOptions = {}): Redaction {
  const table = createPlaceholderTable(text);
  let redacted = '';
  let copied = 0;
  for (const span of findSensitiveSpans(text, options)) {
    redacted += text.slice(copied, span.start) + table.tokenFor(span.kind, span.value);
    copied = span.end;
  }
  return { text: redacted + text.slice(copied), placeholders: table.placeholders };
}
