/**
 * Checksums that tell a real account, card or address from a number of the
 * same shape: Luhn (cards), ISO 13616 mod-97 (IBANs), bech32/bech32m and
 * Base58Check (Bitcoin addresses and WIF keys).
 */
import { sha256 } from '@noble/hashes/sha2.js';

/** Luhn over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Length of an IBAN per country (the SWIFT IBAN registry). */
export const ibanLengths: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22,
  GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30,
  KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31,
  MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24,
  SI: 19, SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

/** An IBAN without spaces, upper case: registered length and mod-97 remainder 1. */
export function ibanValid(iban: string): boolean {
  if (ibanLengths[iban.slice(0, 2)] !== iban.length || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

export const bech32Alphabet = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/** BIP-173's checksum over 5-bit values (bech32 leaves 1, bech32m 0x2bc830a3). */
export function bech32Polymod(values: readonly number[]): number {
  const generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let checksum = 1;
  for (const value of values) {
    const top = checksum >>> 25;
    checksum = ((checksum & 0x1ffffff) << 5) ^ value;
    for (let bit = 0; bit < 5; bit++) if ((top >>> bit) & 1) checksum ^= generator[bit]!;
  }
  return checksum >>> 0;
}

/** A bech32 (BIP-173) or bech32m (BIP-350) string with a valid checksum, in one case. */
export function bech32Valid(address: string): boolean {
  if (address !== address.toLowerCase() && address !== address.toUpperCase()) return false;
  const lower = address.toLowerCase();
  const separator = lower.lastIndexOf('1');
  if (separator < 1 || lower.length - separator < 7) return false;
  const data: number[] = [];
  for (const char of lower.slice(separator + 1)) {
    const value = bech32Alphabet.indexOf(char);
    if (value < 0) return false;
    data.push(value);
  }
  const prefix = lower.slice(0, separator);
  const expanded = [...prefix].map((c) => c.charCodeAt(0) >> 5).concat(0, [...prefix].map((c) => c.charCodeAt(0) & 31));
  const polymod = bech32Polymod(expanded.concat(data));
  return polymod === 1 || polymod === 0x2bc830a3;
}

const base58Alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** The payload of a Base58Check string (version byte first), or null when the checksum fails. */
export function base58CheckPayload(text: string): Uint8Array | null {
  let value = 0n;
  for (const char of text) {
    const digit = base58Alphabet.indexOf(char);
    if (digit < 0) return null;
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.unshift(Number(value & 0xffn));
    value >>= 8n;
  }
  for (let i = 0; i < text.length && text[i] === '1'; i++) bytes.unshift(0);
  if (bytes.length < 5) return null;
  const payload = Uint8Array.from(bytes.slice(0, -4));
  const check = sha256(sha256(payload));
  return bytes.slice(-4).every((byte, i) => byte === check[i]) ? payload : null;
}
