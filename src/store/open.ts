import Database from 'better-sqlite3-multiple-ciphers';
import { HearthError } from '../api/errors.ts';
import { migrate } from './migrations.ts';

export type HearthDatabase = Database.Database;

/**
 * Opens (or creates) the Hearth database file. A file that is not a
 * SQLite database is refused before anything is written to it.
 */
export function openDatabase(file: string): HearthDatabase {
  let db: HearthDatabase | undefined;
  try {
    db = new Database(file);
    // The first read is what discovers a file that is not SQLite (SQLITE_NOTADB).
    db.pragma('schema_version', { simple: true });
  } catch (error) {
    db?.close();
    throw new HearthError('DATABASE_INVALID', { details: `${file}: ${(error as Error).message}`, cause: error });
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 2000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw new HearthError('DATABASE_INVALID', { details: `${file}: ${(error as Error).message}`, cause: error });
  }
}
