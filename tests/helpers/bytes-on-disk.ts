/**
 * Where given byte strings occur in the files of a folder: for tests that
 * what a person stores reaches the disk only encrypted.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Every file under `dir`, at any depth: the database, its -wal and -shm, backups, logs. */
export function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** `<needle> in <file>` (file relative to `dir`) for each needle found in each file under `dir`. */
export function findOnDisk(dir: string, needles: Readonly<Record<string, Buffer>>): string[] {
  return filesUnder(dir).flatMap((file) => {
    const bytes = fs.readFileSync(file);
    return Object.entries(needles)
      .filter(([, needle]) => bytes.includes(needle))
      .map(([name]) => `${name} in ${path.relative(dir, file)}`);
  });
}
