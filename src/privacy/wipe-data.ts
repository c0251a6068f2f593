import fs from 'node:fs';
import path from 'node:path';
import { databaseFileName } from '../store/store.ts';
import { vaultPaths } from '../vault/vault-file.ts';

export const exportsDirName = 'exports';

/**
 * Deletes everything personal in the data folder: the database with its
 * WAL, the vault files, and earlier exports (they are plaintext). Models
 * are kept: they hold nothing about the user and are large to download.
 * Call only with the database closed.
 */
export function wipeDataFiles(dataDir: string): void {
  const database = path.join(dataDir, databaseFileName);
  const { current, pending } = vaultPaths(dataDir);
  for (const file of [`${database}-wal`, `${database}-shm`, database, pending, current]) fs.rmSync(file, { force: true });
  fs.rmSync(path.join(dataDir, exportsDirName), { recursive: true, force: true });
}
