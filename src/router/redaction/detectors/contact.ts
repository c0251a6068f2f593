/**
 * E-mail addresses and phone numbers.
 *
 * A phone number is redacted when it has a phone's shape: an international
 * form (+CC, or 00CC with separators; 8 to 15 digits), a North American 3-3-4 form, or a
 * national form with a trunk 0 and separators (10 to 12 digits, ending in a
 * group of 3 or more, or 10 digits in pairs as in 06 12 34 56 78); a bare run
 * of digits only right after a word such as "phone" or "call". Dates,
 * versions, prices, ISBNs and order numbers lack that shape and stay.
 */
import type { Detector } from '../types.ts';
import { lineBefore, matchSpans } from './match.ts';

const emailPattern =
  /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+'-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])/g;

/** Image and code file names such as `icon@2x.png` share an address's shape. */
const fileExtensions = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'js', 'ts', 'css', 'json', 'md', 'txt', 'pdf']);

export const detectEmails: Detector = (text) =>
  matchSpans(text, emailPattern, 'email', (value) => {
    const tld = value.slice(value.lastIndexOf('.') + 1).toLowerCase();
    return !fileExtensions.has(tld) && !value.split('@')[0]!.endsWith('.');
  });

const internationalPattern = /(?<![\w+#])(?:\+|\b00)[1-9]\d{0,2}(?:[ .-]?(?:\(\d{1,4}\)|\d{1,5})){1,6}(?![\w]|[.-]\d)/g;
const northAmericanPattern =
  /(?<![\w.+-])(?:1[ .-]?)?(?:\([2-9]\d{2}\)[ .-]?|[2-9]\d{2}[ .-])[2-9]\d{2}[ .-]\d{4}(?![\w]|[.-]\d)/g;
const nationalPattern = /(?<![\w.+\-/])(?:\(0[1-9]\d{0,3}\)|0[1-9]\d{0,3})(?:[ .\-/]?\d{2,8}){1,5}(?![\w]|[ .\-/:]\d)/g;
const labelledPattern =
  /\b(?:phone|tel|telephone|mobile|cell|fax|whatsapp|sms|call|ring|text me)\b[^\d\n+]{0,20}(?<value>\+?\d{9,14})(?!\w)/dgi;

const digitCount = (value: string) => value.replace(/\D/g, '').length;
const afterIsbn = (text: string, index: number) => /isbn[\s:-]*$/i.test(lineBefore(text, index, 12));

/** Three groups that read as a day, month and year (either order) are a date. */
function isDate(value: string): boolean {
  const groups = value.split(/[ .\-/]/);
  if (groups.length !== 3) return false;
  const [a, b, c] = groups.map(Number) as [number, number, number];
  return (a <= 31 && b <= 12 && c >= 1900) || (a >= 1900 && b <= 12 && c <= 31) || (a <= 12 && b <= 31 && c >= 1900);
}

export const detectPhones: Detector = (text) => [
  ...matchSpans(text, internationalPattern, 'phone', (value, match) => {
    const digits = digitCount(value) - (value.startsWith('00') ? 2 : 0);
    const separated = value.startsWith('+') || /[ .\-(]/.test(value);
    return digits >= 8 && digits <= 15 && separated && !afterIsbn(text, match.index);
  }),
  ...matchSpans(text, northAmericanPattern, 'phone', (_value, match) => !afterIsbn(text, match.index)),
  ...matchSpans(text, nationalPattern, 'phone', (value, match) => {
    const digits = digitCount(value);
    const groups = value.split(/[ .\-/()]+/).filter(Boolean);
    const pairs = groups.at(-1)!.length === 2;
    return digits >= 10 && digits <= 12 && groups.length > 1 && (!pairs || (groups.length >= 4 && digits === 10)) && !isDate(value) && !afterIsbn(text, match.index);
  }),
  ...matchSpans(text, labelledPattern, 'phone'),
];
