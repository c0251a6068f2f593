import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { HearthError } from '../api/errors.ts';
import { makePrivateDir, makePrivateFile } from '../common/private-files.ts';
import { checkDatabase } from './check.ts';
import type { BackupJob } from './backup-worker.ts';
import { openReadOnly, type HearthDatabase } from './open.ts';

const workerFile = fileURLToPath(new URL(`./backup-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

/**
 * A rolling copy of the database in backups/: at most one a day (UTC),
 * the last three kept. Written with VACUUM INTO, not the online backup
 * API: better-sqlite3's db.backup() opens its target without a key, and
 * SQLite3MultipleCiphers refuses to copy encrypted pages into a plain
 * file ("incompatible source and target databases"); VACUUM INTO writes
 * the copy with the open database's cipher and key, from one consistent
 * read (the WAL included), and compacts it. A copy is written under a
 * temporary name and renamed, so a backup on disk is always whole.
 */
export const backupsDirName = 'backups';
export const backupsKept = 3;

export interface Backup {
  /** The file name in backups/, e.g. hearth-2026-12-05T10-47-00Z.db. */
  id: string;
  createdAt: number;
  sizeBytes: number;
}

const namePattern = /^hearth-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z\.db$/;
const nameFor = (time: Date) => `hearth-${time.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}`;

export const backupsDir = (dataDir: string) => path.join(dataDir, backupsDirName);

/** Newest first. */
export function listBackups(dataDir: string): Backup[] {
  let names: string[];
  try {
    names = fs.readdirSync(backupsDir(dataDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .flatMap((id) => {
      const match = namePattern.exec(id);
      if (!match) return [];
      const [, day, hours, minutes, seconds] = match;
      const createdAt = Date.parse(`${day}T${hours}:${minutes}:${seconds}Z`);
      return [{ id, createdAt, sizeBytes: fs.statSync(path.join(backupsDir(dataDir), id)).size }];
    })
    .sort((a, b) => b.createdAt - a.createdAt);
}

/** Where a backup made now goes: its file, and the temporary name it is written under. */
function backupTarget(dataDir: string, now: Date) {
  const dir = backupsDir(dataDir);
  makePrivateDir(dir);
  // Names hold whole seconds.
  const at = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const id = `${nameFor(at)}.db`;
  const temporary = path.join(dir, `${nameFor(at)}.${process.pid}.tmp`);
  fs.rmSync(temporary, { force: true });
  return { id, at, file: path.join(dir, id), temporary };
}

/** The written copy takes its name, and the oldest beyond `backupsKept` go. */
function keepBackup({ id, at, file, temporary }: ReturnType<typeof backupTarget>, dataDir: string): Backup {
  makePrivateFile(temporary);
  fs.renameSync(temporary, file);
  for (const old of listBackups(dataDir).slice(backupsKept)) fs.rmSync(path.join(backupsDir(dataDir), old.id), { force: true });
  return { id, createdAt: at.getTime(), sizeBytes: fs.statSync(file).size };
}

const isDue = (dataDir: string, now: Date) => {
  const today = now.toISOString().slice(0, 10);
  return !listBackups(dataDir).some((backup) => new Date(backup.createdAt).toISOString().slice(0, 10) === today);
};

/** Copies the open database into backups/ and keeps the newest `backupsKept`; returns the new backup. */
export function makeBackup(db: HearthDatabase, dataDir: string, now = new Date()): Backup {
  const target = backupTarget(dataDir, now);
  try {
    db.prepare('VACUUM INTO ?').run(target.temporary);
    return keepBackup(target, dataDir);
  } catch (error) {
    fs.rmSync(target.temporary, { force: true });
    throw error;
  }
}

/**
 * Today's backup unless one from today (UTC) exists (null when none was
 * due), copied as makeBackup copies, by a worker thread on its own
 * connection to `file`, so that unlocking a large library does not wait for
 * its copy. Aborted, the worker stops and its partial copy is removed.
 */
export async function backupIfDueInBackground(file: string, key: Buffer | undefined, dataDir: string, now: Date, signal: AbortSignal): Promise<Backup | null> {
  if (!isDue(dataDir, now)) return null;
  const target = backupTarget(dataDir, now);
  const job: BackupJob = { file, key: key ? new Uint8Array(key) : null, target: target.temporary };
  const worker = new Worker(workerFile, { workerData: job });
  const stop = () => void worker.terminate();
  signal.addEventListener('abort', stop, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      let done = false;
      worker.once('message', () => (done = true));
      worker.once('error', reject);
      worker.once('exit', (code) => (done ? resolve() : reject(new Error(signal.aborted ? 'the backup was stopped' : `the backup worker exited with code ${code}`))));
    });
    return keepBackup(target, dataDir);
  } catch (error) {
    fs.rmSync(target.temporary, { force: true });
    throw error;
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

/**
 * After the key changed: a fresh backup under the new key, and the older
 * ones deleted, since the old passphrase (perhaps the reason for the
 * change) would still open them.
 */
export function replaceBackups(db: HearthDatabase, dataDir: string, now = new Date()): Backup {
  const fresh = makeBackup(db, dataDir, now);
  for (const old of listBackups(dataDir)) if (old.id !== fresh.id) fs.rmSync(path.join(backupsDir(dataDir), old.id), { force: true });
  return fresh;
}

/** Whether a backup opens with this key: with the database file gone, the only proof that the key is the data's. */
export function someBackupOpensWith(dataDir: string, key: Buffer): boolean {
  return listBackups(dataDir).some((backup) => {
    let db: HearthDatabase | undefined;
    try {
      db = openReadOnly(path.join(backupsDir(dataDir), backup.id), key);
      return true;
    } catch {
      return false;
    } finally {
      db?.close();
    }
  });
}

/** The file of a listed backup, after checking that it opens with this key and reads back whole. */
export function verifiedBackupFile(dataDir: string, id: string, key: Buffer | undefined): string {
  if (!listBackups(dataDir).some((backup) => backup.id === id)) throw new HearthError('BACKUP_NOT_FOUND', { details: id });
  const file = path.join(backupsDir(dataDir), id);
  let db: HearthDatabase | undefined;
  try {
    db = openReadOnly(file, key);
    checkDatabase(db, file);
  } catch (error) {
    throw new HearthError('BACKUP_UNREADABLE', { details: `${file}: ${(error as Error).message}`, cause: error });
  } finally {
    db?.close();
  }
  return file;
}
