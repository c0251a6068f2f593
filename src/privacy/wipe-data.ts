import fs from 'node:fs';
import path from 'node:path';
import { logDirName } from '../log/file-logger.ts';
import { backupsDir } from '../store/backups.ts';
import { setAsideFiles } from '../store/restore.ts';
import { databaseFileName } from '../store/store.ts';
import { vaultPaths } from '../vault/vault-file.ts';

export const exportsDirName = 'exports';

/**
 * Deletes everything personal in the data folder: the database with its
 * WAL, its backups and the damaged files set aside by restores (encrypted,
 * but the user asked for everything to go), the vault files, and earlier
 * exports (they are plaintext). Models are kept: they hold nothing about
 * the user and are large to download.
 * Call only with the database closed.
 */
export function wipeDataFiles(dataDir: string): void {
  const database = path.join(dataDir, databaseFileName);
  const { current, pending } = vaultPaths(dataDir);
  for (const file of [`${database}-wal`, `${database}-shm`, database, pending, current]) fs.rmSync(file, { force: true });
  for (const file of setAsideFiles(dataDir)) fs.rmSync(file, { force: true });
  fs.rmSync(backupsDir(dataDir), { recursive: true, force: true });
  fs.rmSync(path.join(dataDir, exportsDirName), { recursive: true, force: true });
  // The log holds no text of theirs, but its stacks may name their files' paths.
  fs.rmSync(path.join(dataDir, logDirName), { recursive: true, force: true });
}
