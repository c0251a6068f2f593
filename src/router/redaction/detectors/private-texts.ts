/** Every occurrence of the exact strings the person marked private. */
import type { SensitiveSpan } from '../types.ts';

export function detectPrivateTexts(text: string, privateTexts: readonly string[]): SensitiveSpan[] {
  const spans: SensitiveSpan[] = [];
  for (const privateText of new Set(privateTexts.map((entry) => entry.trim()).filter((entry) => entry.length > 0))) {
    for (let start = text.indexOf(privateText); start >= 0; start = text.indexOf(privateText, start + privateText.length)) {
      spans.push({ kind: 'private-text', start, end: start + privateText.length, value: privateText });
    }
  }
  return spans;
}
