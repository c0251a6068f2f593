import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { HearthError } from '../api/errors.ts';
import { scryptParamsSchema } from './kdf.ts';

/**
 * vault.json, beside the database: how its key is obtained, never the key
 * itself. vault.next.json holds the parameters of a key change in
 * progress, so that a crash between re-encrypting the database and
 * recording the new parameters cannot leave data nobody can open.
 */
export const vaultFileSchema = z.discriminatedUnion('protection', [
  z.object({ version: z.literal(1), protection: z.literal('passphrase'), kdf: scryptParamsSchema }),
  z.object({ version: z.literal(1), protection: z.literal('keychain'), wrappedKey: z.string().min(1) }),
]);

export type VaultFile = z.infer<typeof vaultFileSchema>;

export const vaultFileName = 'vault.json';
const pendingFileName = 'vault.next.json';

export function vaultPaths(dataDir: string) {
  return { current: path.join(dataDir, vaultFileName), pending: path.join(dataDir, pendingFileName) };
}

export function readVaultFile(file: string): VaultFile | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new HearthError('VAULT_FILE_INVALID', { details: `${file}: ${(error as Error).message}`, cause: error });
  }
  const result = vaultFileSchema.safeParse(parsed);
  if (!result.success) throw new HearthError('VAULT_FILE_INVALID', { details: `${file}: ${result.error.message}` });
  return result.data;
}

/** Written under a temporary name, flushed, then renamed: the file is always whole. */
export function writeVaultFile(file: string, vault: VaultFile): void {
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temporary, 'w', 0o600);
  try {
    fs.writeFileSync(fd, `${JSON.stringify(vault, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
}
