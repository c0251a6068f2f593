/**
 * File paths inside a person's home folder, which carry their user name:
 * /home/…, /Users/…, ~/…, C:\Users\…. System paths (/usr, /etc, /var)
 * and URL paths stay. A quoted path may contain spaces.
 */
import type { Detector } from '../types.ts';
import { matchSpans } from './match.ts';

const homeStart = String.raw`(?:/home/|/Users/|~/|[A-Za-z]:\\(?:Users|Documents and Settings)\\)`;
const unquoted = new RegExp(String.raw`(?<![\w.~-])${homeStart}[^\s"'\`<>|*?]+`, 'g');
const quoted = new RegExp(String.raw`(?<=["'\`])${homeStart}[^"'\`\n<>|*?]+(?=["'\`])`, 'g');
const trailingPunctuation = /[.,;:!?)\]}]+$/;

export const detectPaths: Detector = (text) =>
  [...matchSpans(text, unquoted, 'path'), ...matchSpans(text, quoted, 'path')].map((span) => {
    const value = span.value.replace(trailingPunctuation, '');
    return { ...span, end: span.start + value.length, value };
  });
