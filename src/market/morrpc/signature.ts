/**
 * MOR-RPC message signatures: secp256k1 over keccak256 of the message's
 * Go-JSON bytes (signature field empty), with no EIP-191 prefix, written
 * as r || s || v with v = 0/1, the layout go-ethereum's crypto.Sign uses.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { Hex } from './messages.ts';

const digestOf = (encoded: string) => keccak_256(new TextEncoder().encode(encoded));

export function signEncoded(encoded: string, privateKey: Uint8Array): Hex {
  const recovered = secp256k1.sign(digestOf(encoded), privateKey, { prehash: false, format: 'recovered' });
  // noble writes recovery || r || s; go-ethereum writes r || s || recovery.
  const geth = new Uint8Array(65);
  geth.set(recovered.subarray(1), 0);
  geth[64] = recovered[0]!;
  return `0x${bytesToHex(geth)}`;
}

/**
 * The uncompressed (65-byte) public key that made `signature` over
 * `encoded`, or null if it is not a valid signature. High-s signatures are
 * refused, as go-ethereum's VerifySignature refuses them.
 */
export function recoverSigner(encoded: string, signature: Hex): Uint8Array | null {
  try {
    const geth = hexToBytes(signature.slice(2));
    if (geth.length !== 65 || geth[64]! > 1) return null;
    const parsed = secp256k1.Signature.fromBytes(geth.subarray(0, 64), 'compact').addRecoveryBit(geth[64]!);
    if (parsed.hasHighS()) return null;
    return parsed.recoverPublicKey(digestOf(encoded)).toBytes(false);
  } catch {
    return null;
  }
}

/**
 * Whether `signature` over `encoded` was made by `publicKey` (65-byte
 * uncompressed, hex). Checked against the known key rather than by
 * recovering one: a quarter faster, on every chunk of every reply. The
 * recovery byte must still be 0 or 1, and high-s is refused, as above.
 */
export function isSignedBy(encoded: string, signature: Hex, publicKey: Hex): boolean {
  try {
    const geth = hexToBytes(signature.slice(2));
    if (geth.length !== 65 || geth[64]! > 1) return false;
    return secp256k1.verify(geth.subarray(0, 64), digestOf(encoded), hexToBytes(publicKey.slice(2)), { prehash: false, lowS: true });
  } catch {
    return false;
  }
}

export function publicKeyOf(privateKey: Uint8Array): Hex {
  return `0x${bytesToHex(secp256k1.getPublicKey(privateKey, false))}`;
}
