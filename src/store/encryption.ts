import Database from 'better-sqlite3-multiple-ciphers';
import type { HearthDatabase } from './open.ts';

/**
 * Encrypts a database written before Hearth encrypted its data, in place.
 * SQLite3MultipleCiphers cannot encrypt a plain file in WAL mode, so the
 * file leaves WAL first; VACUUM drops free pages that may still hold
 * deleted plaintext. Rekeying runs in one transaction: a crash leaves the
 * file plain and whole, never half encrypted.
 */
export function encryptPlainDatabase(file: string, key: Buffer): void {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = DELETE');
    db.exec('VACUUM');
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma('legacy = 4');
    db.pragma(`rekey = "x'${key.toString('hex')}'"`);
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
}

/** Re-encrypts every page with a new key, in one transaction. */
export function rekeyDatabase(db: HearthDatabase, key: Buffer): void {
  db.pragma(`rekey = "x'${key.toString('hex')}'"`);
}
