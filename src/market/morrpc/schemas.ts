/**
 * zod schemas for MOR-RPC messages as they arrive from the network: each
 * hex field checked for length and normalized to lowercase (Go re-encodes
 * bytes in lowercase before checking a signature, so we must too).
 */
import { z } from 'zod';
import { HearthError } from '../../api/errors.ts';
import type { Hex } from './messages.ts';

const hexBytes = (length?: number) =>
  z.string()
    .regex(/^0x(?:[0-9a-fA-F]{2})*$/, 'must be 0x-prefixed hex')
    .refine((value) => length === undefined || value.length === 2 + 2 * length, `must be ${length} bytes`)
    .transform((value) => value.toLowerCase() as Hex);

const timestamp = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const signature = hexBytes(65);
const address = hexBytes(20);
const hash = hexBytes(32);
const publicKey = hexBytes(65).refine((value) => value.startsWith('0x04'), 'must be an uncompressed secp256k1 public key');

export const rpcRequestSchema = z.object({ id: z.string().max(200), method: z.string().max(100), params: z.unknown() });

export const pingRequestSchema = z.object({ nonce: hexBytes(), signature: hexBytes() });
export const pongResultSchema = z.object({ nonce: hexBytes(), version: z.string().default(''), signature });

export const sessionRequestSchema = z.object({
  signature, user: address, key: publicKey,
  spend: z.union([z.string().regex(/^\d{1,78}$/), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)]).transform((v) => BigInt(v)),
  timestamp, bidid: hash,
});
export const sessionResultSchema = z.object({
  message: publicKey, approval: hexBytes(), approvalSig: signature, user: address, timestamp, signature,
});

export const promptRequestSchema = z.object({ signature, sessionid: hash, message: z.string(), timestamp });
export const promptResultSchema = z.object({ message: z.string().regex(/^(?:[0-9a-fA-F]{2})+$/), signature, timestamp });

// `message` is a Go string here (signed as sent), so it is checked but not normalized.
export const reportRequestSchema = z.object({ signature, message: z.string().regex(/^0x[0-9a-fA-F]{64}$/), timestamp });
export const reportResultSchema = z.object({ message: hexBytes(), signedReport: signature, signature, timestamp });

export const rpcErrorSchema = z.object({
  message: z.string(), code: z.number().int(), data: z.object({ timestamp, signature: hexBytes() }),
});

export const rpcResponseSchema = z.object({
  id: z.string(), result: z.unknown().optional(), error: rpcErrorSchema.optional(),
});

/** Parses one received JSON text against a schema; anything else is MORRPC_MALFORMED with the reason. */
export function parseMessage<T extends z.ZodType>(text: string, schema: T): z.output<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new HearthError('MORRPC_MALFORMED', { details: 'not valid JSON', cause });
  }
  return parseValue(value, schema);
}

export function parseValue<T extends z.ZodType>(value: unknown, schema: T): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new HearthError('MORRPC_MALFORMED', { details: issue ? `${issue.path.join('.') || 'message'}: ${issue.message}` : 'invalid message' });
  }
  return result.data;
}
