/**
 * A worker thread that writes one backup copy: VACUUM INTO from its own
 * read-only connection, so the app's connection and event loop go on while
 * a large database is copied (about 30 s for 3 GB here). The copy is
 * encrypted with the connection's cipher and key, as makeBackup's is.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openReadOnly } from './open.ts';
import { sqliteVecLibraryPath } from './sqlite-vec-library.ts';

export interface BackupJob {
  file: string;
  key: Uint8Array | null;
  target: string;
}

const { file, key, target } = workerData as BackupJob;
const db = openReadOnly(file, key ? Buffer.from(key) : undefined);
try {
  // A database from before issue 15 may still hold sqlite-vec tables, whose schema names the extension's module.
  db.loadExtension(sqliteVecLibraryPath());
  db.prepare('VACUUM INTO ?').run(target);
} finally {
  db.close();
}
parentPort?.postMessage('done');
