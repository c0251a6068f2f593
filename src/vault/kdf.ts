import crypto from 'node:crypto';
import { z } from 'zod';

/**
 * scrypt, memory-hard: N = 2^17, r = 8 takes 128 MiB and about half a
 * second here, so each guess at a stolen file costs an attacker the same.
 */
export const defaultScryptCost = { N: 2 ** 17, r: 8, p: 1 } as const;

export const scryptParamsSchema = z.object({
  name: z.literal('scrypt'),
  // Bounded so that a tampered vault file cannot make unlocking exhaust memory.
  N: z.number().int().min(2 ** 10).max(2 ** 20).refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
  r: z.number().int().min(1).max(16),
  p: z.number().int().min(1).max(4),
  salt: z.string().regex(/^[0-9a-f]{32,128}$/),
});

export type ScryptParams = z.infer<typeof scryptParamsSchema>;
export type ScryptCost = Pick<ScryptParams, 'N' | 'r' | 'p'>;

export function newScryptParams(cost: ScryptCost = defaultScryptCost): ScryptParams {
  return { name: 'scrypt', ...cost, salt: crypto.randomBytes(16).toString('hex') };
}

/** The 256-bit database key for a passphrase; runs on libuv's thread pool, not the event loop. */
export function deriveKey(passphrase: string, params: ScryptParams): Promise<Buffer> {
  const { N, r, p } = params;
  return new Promise((resolve, reject) => {
    crypto.scrypt(passphrase.normalize('NFC'), Buffer.from(params.salt, 'hex'), 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
