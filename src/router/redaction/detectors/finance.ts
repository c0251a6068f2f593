/**
 * IBANs and payment card numbers, each confirmed by its checksum so that
 * order numbers and other long digit runs stay.
 */
import { ibanLengths, ibanValid, luhnValid } from '../checksums.ts';
import type { Detector, SensitiveSpan } from '../types.ts';

const ibanStart = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?= ?[A-Za-z0-9])/g;
const isAlphanumeric = (char: string | undefined) => char !== undefined && /[A-Za-z0-9]/.test(char);

/** Reads the registered number of characters for the country, single spaces allowed between them. */
function readIban(text: string, start: number): SensitiveSpan | null {
  const length = ibanLengths[text.slice(start, start + 2).toUpperCase()];
  if (length === undefined) return null;
  let compact = '';
  let end = start;
  while (end < text.length && compact.length < length) {
    const char = text[end]!;
    if (isAlphanumeric(char)) compact += char.toUpperCase();
    else if (char !== ' ' || text[end - 1] === ' ') break;
    end++;
  }
  if (compact.length !== length || isAlphanumeric(text[end]) || !ibanValid(compact)) return null;
  return { kind: 'iban', start, end, value: text.slice(start, end) };
}

export const detectIbans: Detector = (text) => {
  const spans: SensitiveSpan[] = [];
  for (const match of text.matchAll(ibanStart)) {
    const span = readIban(text, match.index);
    if (span) spans.push(span);
  }
  return spans;
};

/** Lengths each issuer uses, by its identification number (IIN) prefix. */
function knownIssuer(digits: string): boolean {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  if (digits[0] === '4') return n === 13 || n === 16 || n === 19;
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720) || (p4 >= 2200 && p4 <= 2204)) return n === 16;
  if (p2 === 34 || p2 === 37) return n === 15;
  if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) return n >= 14 && n <= 19;
  if (p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || p2 === 62 || (p4 >= 3528 && p4 <= 3589)) return n >= 16 && n <= 19;
  if (p2 === 50 || (p2 >= 56 && p2 <= 69)) return n >= 13 && n <= 19;
  return false;
}

const cardCandidate = /(?<![\w.,+-])(?:\d{13,19}|\d{4,6}(?:[ -]\d{2,6}){1,5})(?!\d|[.,]\d)/g;

/** The longest run of leading groups that is a card number: a trailing expiry or amount is left out. */
export const detectCards: Detector = (text) => {
  const spans: SensitiveSpan[] = [];
  for (const match of text.matchAll(cardCandidate)) {
    const groups = match[0].split(/(?=[ -])/);
    for (let count = groups.length; count > 0; count--) {
      const value = groups.slice(0, count).join('');
      const digits = value.replace(/\D/g, '');
      if (digits.length < 13) break;
      if (digits.length <= 19 && knownIssuer(digits) && luhnValid(digits)) {
        spans.push({ kind: 'card', start: match.index, end: match.index + value.length, value });
        break;
      }
    }
  }
  return spans;
};
