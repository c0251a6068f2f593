/**
 * Finds every sensitive value in a text. Detectors may claim overlapping
 * text (a key inside `private_key = …` is both a key and a named secret);
 * the more specific kind wins, then the longer span, and each character
 * belongs to at most one span. A value found once is found everywhere.
 */
import { detectAssignments } from './detectors/assignments.ts';
import { detectEmails, detectPhones } from './detectors/contact.ts';
import { detectPrivateKeys, detectWallets } from './detectors/crypto.ts';
import { detectCards, detectIbans } from './detectors/finance.ts';
import { detectIpAddresses } from './detectors/network.ts';
import { detectPaths } from './detectors/paths.ts';
import { detectPrivateTexts } from './detectors/private-texts.ts';
import { detectTokens } from './detectors/tokens.ts';
import type { Detector, RedactOptions, RedactionKind, SensitiveSpan } from './types.ts';

const detectors: readonly Detector[] = [
  detectPrivateKeys,
  detectTokens,
  detectAssignments,
  detectIbans,
  detectCards,
  detectWallets,
  detectEmails,
  detectPaths,
  detectIpAddresses,
  detectPhones,
];

/** Most specific first: the order in which overlapping spans are kept. */
const precedence: readonly RedactionKind[] = ['private-text', 'private-key', 'secret', 'iban', 'card', 'wallet', 'email', 'path', 'ip', 'phone'];

/**
 * Kinds whose detectors rely on a label or a word nearby, so a repeat
 * without one would be missed. Short values (a 4-digit PIN) are not
 * spread: they recur by chance.
 */
const contextKinds = new Set<RedactionKind>(['secret', 'private-key', 'phone']);

export function findSensitiveSpans(text: string, options: RedactOptions = {}): SensitiveSpan[] {
  const candidates = [...detectPrivateTexts(text, options.privateTexts ?? []), ...detectors.flatMap((detect) => detect(text))];
  candidates.sort(
    (a, b) => precedence.indexOf(a.kind) - precedence.indexOf(b.kind) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const taken = new Uint8Array(text.length);
  const kept: SensitiveSpan[] = [];
  const keep = (span: SensitiveSpan) => {
    if (taken.subarray(span.start, span.end).includes(1)) return;
    taken.fill(1, span.start, span.end);
    kept.push(span);
  };
  candidates.forEach(keep);
  const foundByContext = new Map(kept.filter((span) => contextKinds.has(span.kind) && span.value.length >= 6).map((span) => [span.value, span]));
  for (const span of foundByContext.values()) otherOccurrences(text, span).forEach(keep);
  return kept.sort((a, b) => a.start - b.start);
}

const isWordChar = (char: string | undefined) => char !== undefined && /\w/.test(char);

/**
 * A value found once is redacted everywhere: `pwd=r00tPa55` makes the
 * same password in `-p'r00tPa55'` a secret too. Only whole words count;
 * occurrences already taken are left to the caller's overlap check.
 */
function otherOccurrences(text: string, span: SensitiveSpan): SensitiveSpan[] {
  const spans: SensitiveSpan[] = [];
  const { value } = span;
  for (let start = text.indexOf(value); start >= 0; start = text.indexOf(value, start + 1)) {
    const end = start + value.length;
    const whole = !(isWordChar(value[0]) && isWordChar(text[start - 1])) && !(isWordChar(value.at(-1)) && isWordChar(text[end]));
    if (start !== span.start && whole) spans.push({ ...span, start, end });
  }
  return spans;
}
