import fs from 'node:fs';
import path from 'node:path';
import { makePrivateFile } from '../common/private-files.ts';
import { databaseFileName } from './store.ts';

/**
 * Puts a backup in the database's place. The file it replaces is never
 * deleted: it is moved aside with its -wal and -shm, under one name that
 * says why and when (hearth.db.damaged-2026-12-05T10-47-00Z), so it still
 * opens with its WAL. Call only with the database closed.
 */
export type SetAsideReason = 'damaged' | 'replaced';

const asidePattern = new RegExp(`^${databaseFileName.replace('.', '\\.')}\\.(damaged|replaced)-`);
const stamp = (time: Date) => time.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');

export function restoreBackupFile(dataDir: string, backupFile: string, reason: SetAsideReason, now = new Date()): string {
  const database = path.join(dataDir, databaseFileName);
  const aside = `${database}.${reason}-${stamp(now)}`;
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      fs.renameSync(`${database}${suffix}`, `${aside}${suffix}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const temporary = `${database}.restoring`;
  fs.copyFileSync(backupFile, temporary);
  makePrivateFile(temporary);
  fs.renameSync(temporary, database);
  return aside;
}

/** The files set aside by restores in the data folder (for wiping). */
export function setAsideFiles(dataDir: string): string[] {
  return fs.readdirSync(dataDir).filter((name) => asidePattern.test(name)).map((name) => path.join(dataDir, name));
}
