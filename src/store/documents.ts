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

// A ready document has every chunk embedded: counting them would read a large library's every chunk for one list.
const selectWithCounts = `
  SELECT d.*, CASE WHEN d.status = 'ready' THEN d.chunk_count
    ELSE (SELECT count(*) FROM chunks c WHERE c.document_id = d.id AND c.vector IS NOT NULL) END AS embedded_count
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
  const chunk = db.prepare(`
    SELECT c.id, c.document_id, c.ordinal, c.text, c.location, d.name FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id = ?`);
  const neighbour = db.prepare('SELECT text FROM chunks WHERE document_id = ? AND ordinal = ?').pluck();
  const chunksInOrder = db.prepare(`
    SELECT c.id AS chunkId, c.document_id AS documentId, d.name AS documentName, c.text, c.location FROM chunks c
    JOIN documents d ON d.id = c.document_id WHERE c.document_id = ? ORDER BY c.ordinal LIMIT ?`);
  const pinnedIds = db.prepare('SELECT document_id FROM conversation_documents WHERE conversation_id = ? ORDER BY rowid').pluck();
  const pin = db.prepare('INSERT OR IGNORE INTO conversation_documents (conversation_id, document_id) VALUES (?, ?)');
  const unpin = db.prepare('DELETE FROM conversation_documents WHERE conversation_id = ? AND document_id = ?');
  // Two ranges of the chunks_by_vector_model index, where `<>` would read every chunk.
  const embeddedByOtherModel = db
    .prepare('SELECT EXISTS (SELECT 1 FROM chunks WHERE vector_model < ?) OR EXISTS (SELECT 1 FROM chunks WHERE vector_model > ?)')
    .pluck();
  const markForEmbedding = db.prepare(`UPDATE documents SET status = 'embedding', updated_at = ? WHERE status IN ('ready', 'embedding')`);

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
    /** A chunk with its neighbours, for the passage viewer a citation opens. */
    passage(chunkId: number): { chunkId: number; documentId: string; documentName: string; location: unknown; text: string; before: string; after: string } | null {
      const row = chunk.get(chunkId) as { id: number; document_id: string; ordinal: number; text: string; location: string; name: string } | undefined;
      if (!row) return null;
      return {
        chunkId: row.id,
        documentId: row.document_id,
        documentName: row.name,
        location: JSON.parse(row.location) as unknown,
        text: row.text,
        before: (neighbour.get(row.document_id, row.ordinal - 1) as string | undefined) ?? '',
        after: (neighbour.get(row.document_id, row.ordinal + 1) as string | undefined) ?? '',
      };
    },
    /** A document's first chunks in reading order: a pinned document's text. */
    chunksInOrder(id: string, limit: number): { chunkId: number; documentId: string; documentName: string; text: string; location: string }[] {
      return chunksInOrder.all(id, limit) as { chunkId: number; documentId: string; documentName: string; text: string; location: string }[];
    },
    pinnedIds(conversationId: string): string[] {
      return pinnedIds.all(conversationId) as string[];
    },
    setPinned(conversationId: string, documentId: string, pinned: boolean): void {
      (pinned ? pin : unpin).run(conversationId, documentId);
    },
    /** After the embedding model changed: are there vectors of another model to replace? */
    hasVectorsOtherThan(model: string): boolean {
      return (embeddedByOtherModel.get(model, model) as number) === 1;
    },
    /** Every embedded document goes back to embedding, so that ingestion re-embeds its chunks. */
    markAllForEmbedding(now = Date.now()): void {
      markForEmbedding.run(now);
    },
    /** Removes the document, its chunks (cascade) and their vectors (trigger). */
    delete(id: string): boolean {
      return remove.run(id).changes > 0;
    },
  };
}

export type DocumentRepository = ReturnType<typeof createDocumentRepository>;
