import Database from 'better-sqlite3-multiple-ciphers';
import { HearthError } from '../api/errors.ts';
import { makePrivateFile } from '../common/private-files.ts';
import { checkDatabase, damaged, isCorruption } from './check.ts';
import { migrate } from './migrations.ts';
import { sqliteVecLibraryPath } from './sqlite-vec-library.ts';

export type HearthDatabase = Database.Database;

export interface OpenDatabaseOptions {
  /** The 256-bit database key; omitted, the file is plain SQLite (tests and benchmarks only). */
  key?: Buffer;
}

/** SQLCipher 4 page format, so the file opens in any SQLCipher-compatible tool given the key. */
export function applyKey(db: HearthDatabase, key: Buffer): void {
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${key.toString('hex')}'"`);
}

/**
 * Opens (or creates) the Hearth database file. A file that is not a
 * SQLite database, or one encrypted with another key, is refused before
 * anything is written to it; so is a damaged one (DATABASE_DAMAGED), after
 * the check at start. The file is made owner-only before SQLite creates
 * its -wal and -shm, which take the database file's mode.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): HearthDatabase {
  let db: HearthDatabase | undefined;
  try {
    db = new Database(file);
    for (const own of [file, `${file}-wal`, `${file}-shm`]) makePrivateFile(own);
    if (options.key) applyKey(db, options.key);
    // The first read is what discovers a file that is not SQLite, or a wrong key (SQLITE_NOTADB).
    db.pragma('schema_version', { simple: true });
  } catch (error) {
    db?.close();
    if (options.key && (error as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new HearthError('VAULT_WRONG_KEY', { details: file, cause: error });
    }
    throw new HearthError('DATABASE_INVALID', { details: `${file}: ${(error as Error).message}`, cause: error });
  }
  try {
    checkDatabase(db, file);
  } catch (error) {
    db.close();
    throw error;
  }
  try {
    db.loadExtension(sqliteVecLibraryPath());
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 2000');
    // Pages are decrypted as they are read: a cache of up to 64 MiB keeps the search indexes decrypted between questions.
    db.pragma('cache_size = -65536');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    if (isCorruption(error)) throw damaged(file, error);
    throw new HearthError('DATABASE_INVALID', { details: `${file}: ${(error as Error).message}`, cause: error });
  }
}

/** Opens a file only to read it: a backup before it is restored, or a damaged database for what can still be read. */
export function openReadOnly(file: string, key: Buffer | undefined): HearthDatabase {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    if (key) applyKey(db, key);
    db.pragma('schema_version', { simple: true });
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
