/**
 * Signing and checking whole MOR-RPC messages: the signature covers the
 * message's Go-JSON with its signature empty, as the proxy-router signs.
 */
import { emptySignature, encodeRpcError, type Hex, type RpcErrorBody } from './messages.ts';
import { isSignedBy, signEncoded } from './signature.ts';

type Signed = { signature: Hex };

export function withSignature<T extends Signed>(message: T, encode: (m: T) => string, privateKey: Uint8Array): T {
  return { ...message, signature: signEncoded(encode({ ...message, signature: emptySignature }), privateKey) };
}

export function hasValidSignature<T extends Signed>(message: T, encode: (m: T) => string, publicKey: Hex): boolean {
  return isSignedBy(encode({ ...message, signature: emptySignature }), message.signature, publicKey);
}

/** An error reply `{message, code, data: {timestamp, signature}}`, signed like the proxy-router signs it. */
export function signedError(message: string, code: number, privateKey: Uint8Array, timestamp = Date.now()): RpcErrorBody {
  const unsigned: RpcErrorBody = { message, code, data: { timestamp, signature: emptySignature } };
  return { ...unsigned, data: { timestamp, signature: signEncoded(encodeRpcError(unsigned), privateKey) } };
}

export function errorHasValidSignature(error: RpcErrorBody, publicKey: Hex): boolean {
  return isSignedBy(encodeRpcError({ ...error, data: { ...error.data, signature: emptySignature } }), error.data.signature, publicKey);
}
