import type { Database as HearthDatabase } from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import { HearthError } from '../api/errors.ts';

/**
 * The check at start. `PRAGMA quick_check` reads every page, so with
 * SQLCipher a changed byte anywhere fails that page's HMAC, besides the
 * b-tree checks; it is O(size), better-sqlite3 is synchronous, and this
 * build leaves out the progress handler that could interrupt it
 * (SQLITE_OMIT_PROGRESS_CALLBACK). It is bounded twice: by size (files
 * above checkLimitBytes are not checked at start, about 3 s of reading
 * on a slow disk; damage there is caught when read, see isCorruption) and
 * by stopping at the first error, quick_check(1).
 */
export const checkLimitBytes = 512 * 1024 * 1024;

/** SQLite's words for a page that cannot be read back: a failed HMAC, a broken b-tree. */
export function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

export function damaged(file: string, error?: unknown): HearthError {
  const reason = error === undefined ? '' : `: ${error instanceof Error ? error.message : String(error)}`;
  return new HearthError('DATABASE_DAMAGED', { details: `${file}${reason}`, cause: error });
}

/** Throws DATABASE_DAMAGED when a page cannot be read or the structure is broken. */
export function checkDatabase(db: HearthDatabase, file: string): void {
  if (fs.statSync(file).size > checkLimitBytes) return;
  let result: unknown;
  try {
    result = db.pragma('quick_check(1)', { simple: true });
  } catch (error) {
    if (isCorruption(error)) throw damaged(file, error);
    throw error;
  }
  if (result !== 'ok') throw damaged(file, String(result));
}
