/**
 * Databases written before the binary codes (issue 15) hold sqlite-vec
 * `vec0` tables named chunk_vectors_bit<D>, with a trigger each; the codes
 * replace them (rebuilt from chunks.vector in the background). Dropping a
 * vec0 table needs the sqlite-vec extension, which is why this is not a
 * migration: migrations are plain SQL.
 */
import type { HearthDatabase } from '../../store/open.ts';

export function dropLegacyVectorTables(db: HearthDatabase): void {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' AND name GLOB 'chunk_vectors_bit[0-9]*'`)
    .pluck()
    .all() as string[];
  if (tables.length === 0) return;
  db.transaction(() => {
    for (const name of tables) db.exec(`DROP TRIGGER IF EXISTS ${name}_forget; DROP TABLE ${name};`);
  })();
}
