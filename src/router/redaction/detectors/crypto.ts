/**
 * Wallet addresses and the keys that spend from them.
 *
 * Addresses: EVM (0x + 40 hex, not the zero address); Bitcoin bech32/bech32m (bc1…, tb1…) and
 * Base58Check P2PKH/P2SH (1…, 3…), both checksum-validated.
 * Keys: PEM private key blocks; WIF keys (Base58Check, version 0x80/0xef);
 * a 64-hex value (with or without 0x) only when a key word (private,
 * secret, seed, key…) precedes it within 48 characters and no hash word
 * (hash, sha, checksum, commit, tx…) does: the same shape is a transaction
 * hash or a sha256 digest, which are not secret. A BIP-39 phrase only when
 * labelled (seed phrase, mnemonic, recovery phrase) and 12 to 24 words
 * long; unlabelled word lists are not recognised (no word list is bundled).
 */
import { base58CheckPayload, bech32Valid } from '../checksums.ts';
import type { Detector, SensitiveSpan } from '../types.ts';
import { matchSpans } from './match.ts';

const evmAddress = /(?<!\w)0x[0-9a-fA-F]{40}(?!\w)/g;
const bech32Address = /(?<!\w)(?:bc1|tb1|BC1|TB1)[02-9ac-hj-np-zAC-HJ-NP-Z]{11,71}(?!\w)/g;
const base58Address = /(?<!\w)[13][1-9A-HJ-NP-Za-km-z]{25,34}(?!\w)/g;

export const detectWallets: Detector = (text) => [
  ...matchSpans(text, evmAddress, 'wallet', (value) => !/^0x0{40}$/.test(value)),
  ...matchSpans(text, bech32Address, 'wallet', bech32Valid),
  ...matchSpans(text, base58Address, 'wallet', (value) => {
    const payload = base58CheckPayload(value);
    return payload?.length === 21 && (payload[0] === 0x00 || payload[0] === 0x05);
  }),
];

const hex64 = /(?<!\w)(?:0x)?[0-9a-fA-F]{64}(?!\w)/g;
const keyWords = /private|priv|secret|seed|signing|\bsk\b|key/i;
const hashWords = /hash|sha|checksum|digest|commit|\btx|transaction|block|public|pubkey|fingerprint/i;
const pemBlock = /-----BEGIN ([A-Z ]*PRIVATE KEY)-----[\s\S]*?-----END \1-----/g;
const wifKey = /(?<!\w)[5KLc9][1-9A-HJ-NP-Za-km-z]{50,51}(?!\w)/g;
const labelledMnemonic =
  /\b(?:seed phrase|mnemonic|recovery phrase|backup phrase|seed words)\b[^\n:="']{0,30}?[:=]?\s*["']?(?<value>[a-z]{3,8}(?: +[a-z]{3,8}){11,30})/dgi;

/** A BIP-39 phrase has 12, 15, 18, 21 or 24 words: words after the longest such count are prose. */
function mnemonicSpans(text: string): SensitiveSpan[] {
  return matchSpans(text, labelledMnemonic, 'private-key').map((span) => {
    const words = span.value.split(/ +/);
    const kept = words.slice(0, Math.min(24, words.length - (words.length % 3))).join(' ');
    return { ...span, end: span.start + kept.length, value: kept };
  });
}

export const detectPrivateKeys: Detector = (text) => [
  ...matchSpans(text, hex64, 'private-key', (_value, match) => {
    const label = text.slice(Math.max(0, match.index - 48), match.index);
    return keyWords.test(label) && !hashWords.test(label);
  }),
  ...matchSpans(text, pemBlock, 'private-key'),
  ...matchSpans(text, wifKey, 'private-key', (value) => {
    const payload = base58CheckPayload(value);
    const wellFormed = payload?.length === 33 || (payload?.length === 34 && payload[33] === 0x01);
    return wellFormed && (payload![0] === 0x80 || payload![0] === 0xef);
  }),
  ...mnemonicSpans(text),
];
