/**
 * Valid sensitive values made from a seeded random source, for the
 * redaction corpus generator and the benchmark: IBANs and card numbers
 * with correct check digits, Bitcoin addresses with correct checksums.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bech32Alphabet, bech32Polymod } from '../../src/router/redaction/checksums.ts';

export type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const digits = (random: Random, count: number) => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
const fromAlphabet = (random: Random, alphabet: string, count: number) =>
  Array.from({ length: count }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');

export { pick };

function mod97(numeric: string): number {
  let remainder = 0;
  for (const char of numeric) remainder = (remainder * 10 + Number(char)) % 97;
  return remainder;
}

/** An IBAN for one of a few countries, grouped by four when `spaced`. */
export function makeIban(random: Random, spaced: boolean): string {
  const [country, bban] = pick(random, [
    ['DE', () => digits(random, 18)],
    ['GB', () => fromAlphabet(random, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4) + digits(random, 14)],
    ['FR', () => digits(random, 23)],
    ['NL', () => fromAlphabet(random, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4) + digits(random, 10)],
    ['ES', () => digits(random, 20)],
    ['BE', () => digits(random, 12)],
    ['CH', () => digits(random, 17)],
    ['IT', () => 'X' + digits(random, 22)],
  ] as const);
  const body = bban();
  const numeric = (body + country + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  const iban = country + String(98 - mod97(numeric)).padStart(2, '0') + body;
  return spaced ? iban.replace(/(.{4})/g, '$1 ').trim() : iban;
}

function luhnCheckDigit(payload: string): string {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let digit = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A Visa, Mastercard or Amex number with a valid Luhn digit, written plain, spaced or dashed. */
export function makeCard(random: Random, separator: '' | ' ' | '-'): string {
  const [prefix, length, groups] = pick(random, [
    ['4', 16, [4, 4, 4, 4]],
    ['51', 16, [4, 4, 4, 4]],
    ['55', 16, [4, 4, 4, 4]],
    ['2221', 16, [4, 4, 4, 4]],
    ['37', 15, [4, 6, 5]],
    ['6011', 16, [4, 4, 4, 4]],
  ] as const);
  const payload = prefix + digits(random, length - prefix.length - 1);
  const number = payload + luhnCheckDigit(payload);
  let at = 0;
  return groups.map((size) => number.slice(at, (at += size))).join(separator);
}

export const makeEvmAddress = (random: Random) => '0x' + fromAlphabet(random, '0123456789abcdef', 40);
export const makeHex64 = (random: Random) => fromAlphabet(random, '0123456789abcdef', 64);

/** A bc1q (bech32, 20-byte program) or bc1p (bech32m, 32-byte program) address. */
export function makeBech32Address(random: Random, taproot: boolean): string {
  const data = [taproot ? 1 : 0, ...Array.from({ length: taproot ? 52 : 32 }, () => Math.floor(random() * 32))];
  const expanded = [3, 3, 0, 2, 3];
  const polymod = bech32Polymod([...expanded, ...data, 0, 0, 0, 0, 0, 0]) ^ (taproot ? 0x2bc830a3 : 1);
  const checksum = Array.from({ length: 6 }, (_, i) => (polymod >>> (5 * (5 - i))) & 31);
  return 'bc1' + [...data, ...checksum].map((value) => bech32Alphabet[value]).join('');
}

const base58Alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58Check(payload: Uint8Array): string {
  const bytes = [...payload, ...sha256(sha256(payload)).slice(0, 4)];
  let value = bytes.reduce((sum, byte) => sum * 256n + BigInt(byte), 0n);
  let text = '';
  while (value > 0n) {
    text = base58Alphabet[Number(value % 58n)] + text;
    value /= 58n;
  }
  for (let i = 0; i < bytes.length && bytes[i] === 0; i++) text = '1' + text;
  return text;
}

const randomBytes = (random: Random, count: number) => Array.from({ length: count }, () => Math.floor(random() * 256));

/** A P2PKH (1…) or P2SH (3…) address. */
export const makeBase58Address = (random: Random, scriptHash: boolean) =>
  base58Check(Uint8Array.from([scriptHash ? 0x05 : 0x00, ...randomBytes(random, 20)]));

/** A mainnet WIF private key, compressed (K…/L…) or not (5…). */
export const makeWifKey = (random: Random, compressed: boolean) =>
  base58Check(Uint8Array.from([0x80, ...randomBytes(random, 32), ...(compressed ? [0x01] : [])]));
