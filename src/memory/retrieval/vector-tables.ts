/**
 * The coarse vector index: sqlite-vec `vec0` tables of binary-quantised
 * vectors (one bit per dimension, its sign), created at runtime because
 * their size depends on the embedding model.
 *
 * One table per dimension, named `chunk_vectors_bit<D>` (64-d demo model:
 * `chunk_vectors_bit64`), so vectors of another size never meet in one
 * table. Its rowid is the chunk's id; `vector_model` is a partition key, so
 * a search only visits the vectors of the model it asks for; `document_id`
 * is a metadata column, so a document filter is applied inside the KNN.
 *
 * vec0 rows are not reached by the foreign-key cascade from documents to
 * chunks, so each table comes with a trigger that forgets a chunk's vector
 * when the chunk is deleted, whoever deletes it.
 */
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { HearthDatabase } from '../../store/open.ts';

const TABLE_PREFIX = 'chunk_vectors_bit';

export const vectorTableName = (dimensions: number): string => `${TABLE_PREFIX}${dimensions}`;

interface VectorTable {
  remove: Statement;
  insert: Statement;
  nearest: Statement;
  nearestInDocuments: Statement;
}

export function createVectorTables(db: HearthDatabase) {
  const tables = new Map<number, VectorTable>();
  const listTables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' AND name GLOB '${TABLE_PREFIX}[0-9]*'`);

  function exists(dimensions: number): boolean {
    return (listTables.all() as { name: string }[]).some((row) => row.name === vectorTableName(dimensions));
  }

  function prepare(dimensions: number): VectorTable {
    const name = vectorTableName(dimensions);
    const knn = `SELECT rowid AS id FROM ${name} WHERE embedding MATCH vec_quantize_binary(?) AND k = ? AND vector_model = ?`;
    const table = {
      remove: db.prepare(`DELETE FROM ${name} WHERE rowid = ?`),
      insert: db.prepare(`INSERT INTO ${name} (rowid, embedding, vector_model, document_id) VALUES (?, vec_quantize_binary(?), ?, ?)`),
      nearest: db.prepare(knn),
      nearestInDocuments: db.prepare(`${knn} AND document_id IN (SELECT value FROM json_each(?))`),
    };
    tables.set(dimensions, table);
    return table;
  }

  return {
    /** The table for this size, created (with its delete trigger) the first time. */
    ensure(dimensions: number): VectorTable {
      const known = tables.get(dimensions);
      if (known) return known;
      const name = vectorTableName(dimensions);
      db.exec(`
        CREATE VIRTUAL TABLE IF NOT EXISTS ${name} USING vec0(
          embedding bit[${dimensions}], vector_model text partition key, document_id text
        );
        CREATE TRIGGER IF NOT EXISTS ${name}_forget AFTER DELETE ON chunks BEGIN
          DELETE FROM ${name} WHERE rowid = old.id;
        END;`);
      return prepare(dimensions);
    },
    /** The table for this size if one was ever created, else null (nothing of that size is indexed). */
    find(dimensions: number): VectorTable | null {
      return tables.get(dimensions) ?? (exists(dimensions) ? prepare(dimensions) : null);
    },
    /** Drops every vector table and its trigger. */
    dropAll(): void {
      tables.clear();
      for (const { name } of listTables.all() as { name: string }[]) {
        db.exec(`DROP TRIGGER IF EXISTS ${name}_forget; DROP TABLE ${name};`);
      }
    },
  };
}
