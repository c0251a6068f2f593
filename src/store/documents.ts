import { randomUUID } from 'node:crypto';
import type { HearthDatabase } from './open.ts';

export type DocumentStatus = 'queued' | 'extracting' | 'embedding' | 'ready' | 'failed' | 'cancelled';

export interface StoredDocument {
  id: string;
  name: string;
  sourcePath: string;
  kind: 'txt' | 'md' | 'pdf' | 'html';
  sizeBytes: number;
  sha256: string;
  status: DocumentStatus;
  error: string | null;
  chunkCount: number;
  embeddedCount: number;
  createdAt: number;
}

interface DocumentRow {
  id: string;
  name: string;
  source_path: string;
  kind: StoredDocument['kind'];
  size_bytes: number;
  sha256: string;
  status: DocumentStatus;
  error: string | null;
  chunk_count: number;
  embedded_count: number;
  created_at: number;
}

const toDocument = (row: DocumentRow): StoredDocument => ({
  id: row.id,
  name: row.name,
  sourcePath: row.source_path,
  kind: row.kind,
  sizeBytes: row.size_bytes,
  sha256: row.sha256,
  status: row.status,
  error: row.error,
  chunkCount: row.chunk_count,
  embeddedCount: row.embedded_count,
  createdAt: row.created_at,
});

const selectWithCounts = `
  SELECT d.*, (SELECT count(*) FROM chunks c WHERE c.document_id = d.id AND c.vector IS NOT NULL) AS embedded_count
  FROM documents d`;

export function createDocumentRepository(db: HearthDatabase) {
  const insert = db.prepare(`
    INSERT INTO documents (id, name, source_path, kind, size_bytes, sha256, status, created_at, updated_at)
    VALUES (@id, @name, @sourcePath, @kind, @sizeBytes, @sha256, 'queued', @now, @now)`);
  const select = db.prepare(`${selectWithCounts} WHERE d.id = ?`);
  const list = db.prepare(`${selectWithCounts} ORDER BY d.created_at DESC, d.rowid DESC`);
  const unfinished = db.prepare(`${selectWithCounts} WHERE d.status IN ('queued', 'extracting', 'embedding') ORDER BY d.rowid`);
  const setStatus = db.prepare('UPDATE documents SET status = ?, error = ?, updated_at = ? WHERE id = ?');
  // OR IGNORE: an extraction repeated after a restart yields the same chunks (chunking is deterministic), never twice.
  const insertChunk = db.prepare('INSERT OR IGNORE INTO chunks (document_id, ordinal, text, location) VALUES (?, ?, ?, ?)');
  const setChunkCount = db.prepare(`UPDATE documents SET chunk_count = ?, status = 'embedding', updated_at = ? WHERE id = ?`);
  const unembedded = db.prepare('SELECT id, text FROM chunks WHERE document_id = ? AND vector IS NULL ORDER BY ordinal LIMIT ?');
  const remove = db.prepare('DELETE FROM documents WHERE id = ?');

  return {
    add(document: Omit<StoredDocument, 'id' | 'status' | 'error' | 'chunkCount' | 'embeddedCount' | 'createdAt'>, now = Date.now()): StoredDocument {
      const id = randomUUID();
      insert.run({ ...document, id, now });
      return this.get(id)!;
    },
    get(id: string): StoredDocument | null {
      const row = select.get(id) as DocumentRow | undefined;
      return row ? toDocument(row) : null;
    },
    list(): StoredDocument[] {
      return (list.all() as DocumentRow[]).map(toDocument);
    },
    /** Documents an earlier run had not finished: ingestion resumes them. */
    unfinished(): StoredDocument[] {
      return (unfinished.all() as DocumentRow[]).map(toDocument);
    },
    setStatus(id: string, status: DocumentStatus, error: string | null = null, now = Date.now()): void {
      setStatus.run(status, error, now, id);
    },
    /** All of a document's chunks and its move to embedding, in one transaction: a crash leaves all or none. */
    saveChunks(id: string, chunks: readonly { ordinal: number; text: string; location: unknown }[], now = Date.now()): void {
      db.transaction(() => {
        for (const chunk of chunks) insertChunk.run(id, chunk.ordinal, chunk.text, JSON.stringify(chunk.location));
        setChunkCount.run(chunks.length, now, id);
      })();
    },
    unembeddedChunks(id: string, limit: number): { id: number; text: string }[] {
      return unembedded.all(id, limit) as { id: number; text: string }[];
    },
    /** Removes the document, its chunks (cascade) and their vectors (trigger). */
    delete(id: string): boolean {
      return remove.run(id).changes > 0;
    },
  };
}

export type DocumentRepository = ReturnType<typeof createDocumentRepository>;
