import { readFileSync } from 'node:fs';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { HearthError } from '../../src/api/errors.ts';
import { eciesDecrypt, eciesEncrypt } from '../../src/market/morrpc/ecies.ts';

// go-ethereum's own EIP-8 handshake vectors (see the fixture's "source").
const vectors = JSON.parse(readFileSync(new URL('../fixtures/geth-eip8-handshake-vectors.json', import.meta.url), 'utf8')) as {
  keyA: string; keyB: string; ephB: string; nonceA: string; nonceB: string; authSignature: string;
  auth: { name: string; input: string }[]; ack: { name: string; input: string }[];
};
const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const contains = (haystack: Uint8Array, needle: Uint8Array) => Buffer.from(haystack).includes(Buffer.from(needle));

/** An EIP-8 handshake message is size (2 bytes, big-endian) || ECIES ciphertext, with the size bytes as shared MAC data. */
function openEip8(privateKeyHex: string, inputHex: string): Uint8Array {
  const input = bytes(inputHex);
  const size = (input[0]! << 8) | input[1]!;
  expect(input.length).toBe(2 + size);
  return eciesDecrypt(bytes(privateKeyHex), input.subarray(2), { sharedMacData: input.subarray(0, 2) });
}

const messageCodeOf = (error: unknown) => (error instanceof HearthError ? error.code : String(error));

describe('ECIES compatible with go-ethereum', () => {
  it.each(vectors.auth.map((v) => [v.name, v.input] as const))('decrypts geth auth vector %s with keyB', (_name, input) => {
    const plaintext = openEip8(vectors.keyB, input);
    const pubA = secp256k1.getPublicKey(bytes(vectors.keyA), false).subarray(1);
    expect(contains(plaintext, bytes(vectors.authSignature))).toBe(true);
    expect(contains(plaintext, pubA)).toBe(true);
    expect(contains(plaintext, bytes(vectors.nonceA))).toBe(true);
  });

  it.each(vectors.ack.map((v) => [v.name, v.input] as const))('decrypts geth ack vector %s with keyA', (_name, input) => {
    const plaintext = openEip8(vectors.keyA, input);
    const ephPubB = secp256k1.getPublicKey(bytes(vectors.ephB), false).subarray(1);
    expect(contains(plaintext, ephPubB)).toBe(true);
    expect(contains(plaintext, bytes(vectors.nonceB))).toBe(true);
  });

  it('a message sealed for one key opens with it and carries the exact text', () => {
    const key = secp256k1.utils.randomSecretKey();
    const text = new TextEncoder().encode('{"choices":[{"delta":{"content":"Once upon a time 🔥"}}]}');
    const sealed = eciesEncrypt(secp256k1.getPublicKey(key, false), text);
    expect(sealed.length).toBe(65 + 16 + text.length + 32);
    expect(sealed[0]).toBe(4);
    expect(new TextDecoder().decode(eciesDecrypt(key, sealed))).toBe(new TextDecoder().decode(text));
  });

  it('one flipped byte anywhere is refused as tampered', () => {
    const key = secp256k1.utils.randomSecretKey();
    const sealed = eciesEncrypt(secp256k1.getPublicKey(key, false), new TextEncoder().encode('hello'));
    for (const at of [70, 65 + 16, sealed.length - 1]) {
      const altered = sealed.slice();
      altered[at]! ^= 1;
      expect(() => eciesDecrypt(key, altered)).toThrow(HearthError);
      try { eciesDecrypt(key, altered); } catch (error) { expect(messageCodeOf(error)).toBe('MORRPC_DECRYPT_FAILED'); }
    }
  });

  it('another key cannot open it, and a truncated message is refused', () => {
    const key = secp256k1.utils.randomSecretKey();
    const sealed = eciesEncrypt(secp256k1.getPublicKey(key, false), new TextEncoder().encode('secret'));
    expect(() => eciesDecrypt(secp256k1.utils.randomSecretKey(), sealed)).toThrow(/could not be decrypted/);
    expect(() => eciesDecrypt(key, sealed.subarray(0, 100))).toThrow(/could not be decrypted/);
    expect(() => eciesDecrypt(key, new Uint8Array(200))).toThrow(/could not be decrypted/);
  });

  it('the shared MAC data must match: the EIP-8 vector fails without its size prefix', () => {
    const input = bytes(vectors.auth[0]!.input);
    expect(() => eciesDecrypt(bytes(vectors.keyB), input.subarray(2))).toThrow(/could not be decrypted/);
  });
});
