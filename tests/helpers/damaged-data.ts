/** Damage as a disk or a crash leaves it, done to a real encrypted data folder, and the passing of a day for backups. */
import fs from 'node:fs';
import path from 'node:path';
import { listBackups } from '../../src/store/backups.ts';
import { openReadOnly } from '../../src/store/open.ts';
import { databaseFileName } from '../../src/store/store.ts';
import { deriveKey } from '../../src/vault/kdf.ts';
import { readVaultFile, vaultPaths } from '../../src/vault/vault-file.ts';

/** The key a passphrase gives for this data folder, as the core derives it. */
export async function dataKey(dataDir: string, passphrase: string): Promise<Buffer> {
  const vault = readVaultFile(vaultPaths(dataDir).current);
  if (vault?.protection !== 'passphrase') throw new Error(`expected a passphrase vault in ${dataDir}`);
  return deriveKey(passphrase, vault.kdf);
}

/**
 * Overwrites 16 bytes in the middle of one page of a table (the middle one
 * of its leaf pages); with SQLCipher the page's HMAC then fails. Call with
 * Hearth stopped, so that the WAL is already in the file.
 */
export function damageTablePage(dataDir: string, key: Buffer, table: string): void {
  const file = path.join(dataDir, databaseFileName);
  const db = openReadOnly(file, key);
  const pages = db.prepare(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno`).pluck().all(table) as number[];
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  if (pages.length === 0) throw new Error(`table ${table} has no pages`);
  const page = pages[Math.floor(pages.length / 2)]!;
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.from('a flipped sector'), 0, 16, (page - 1) * pageSize + pageSize / 2);
  fs.closeSync(fd);
}

/** What the next day's start finds: each backup dated a day earlier, so a new one is due. */
export function ageBackups(dataDir: string): void {
  const dir = path.join(dataDir, 'backups');
  for (const { id, createdAt } of listBackups(dataDir)) {
    const earlier = new Date(createdAt - 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
    fs.renameSync(path.join(dir, id), path.join(dir, `hearth-${earlier}.db`));
  }
}
