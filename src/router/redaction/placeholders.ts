/**
 * Placeholder tokens: `[EMAIL_1]`, `[CARD_2]`… numbered per kind, the same
 * value always getting the same token. A token the original text already
 * contains is skipped, so restoring can never replace the person's own words.
 */
import type { Placeholder, RedactionKind } from './types.ts';

const labels: Readonly<Record<RedactionKind, string>> = {
  email: 'EMAIL',
  phone: 'PHONE',
  iban: 'IBAN',
  card: 'CARD',
  wallet: 'WALLET',
  'private-key': 'PRIVATE_KEY',
  secret: 'SECRET',
  path: 'PATH',
  ip: 'IP',
  'private-text': 'PRIVATE',
};

/** Any token of the shape redaction produces. */
export const tokenPattern = new RegExp(`\\[(?:${Object.values(labels).join('|')})_\\d+\\]`, 'g');

export interface PlaceholderTable {
  tokenFor(kind: RedactionKind, value: string): string;
  readonly placeholders: Placeholder[];
}

export function createPlaceholderTable(originalText: string): PlaceholderTable {
  const placeholders: Placeholder[] = [];
  const byValue = new Map<string, string>();
  const nextNumber = new Map<RedactionKind, number>();
  const alreadyWritten = new Set(originalText.match(tokenPattern));
  return {
    placeholders,
    tokenFor(kind, value) {
      const key = `${kind}\u0000${value}`;
      const known = byValue.get(key);
      if (known) return known;
      let number = nextNumber.get(kind) ?? 1;
      while (alreadyWritten.has(`[${labels[kind]}_${number}]`)) number++;
      const token = `[${labels[kind]}_${number}]`;
      nextNumber.set(kind, number + 1);
      byValue.set(key, token);
      placeholders.push({ token, kind, value });
      return token;
    },
  };
}
