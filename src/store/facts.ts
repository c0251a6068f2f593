import { randomUUID } from 'node:crypto';
import type { MemoryFact } from '../api/contract.ts';
import type { HearthDatabase } from './open.ts';

interface FactRow {
  id: string;
  text: string;
  source_message_id: string | null;
  pinned: number;
  private: number;
  vector: Buffer | null;
  vector_model: string | null;
  created_at: number;
  updated_at: number;
}

const toFact = (row: FactRow): MemoryFact => ({
  id: row.id,
  text: row.text,
  sourceMessageId: row.source_message_id,
  pinned: row.pinned === 1,
  private: row.private === 1,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** A fact with its embedding, for ranking by meaning; `vector` is null until embedded by `model`. */
export interface EmbeddedFact extends MemoryFact {
  vector: Float32Array | null;
  vectorModel: string | null;
}

export interface FactChange {
  text?: string;
  pinned?: boolean;
  private?: boolean;
}

export function createFactRepository(db: HearthDatabase) {
  const insert = db.prepare(`
    INSERT INTO memory_facts (id, text, source_message_id, pinned, private, created_at, updated_at)
    VALUES (@id, @text, @sourceMessageId, @pinned, @isPrivate, @now, @now)`);
  const select = db.prepare('SELECT * FROM memory_facts WHERE id = ?');
  const list = db.prepare('SELECT * FROM memory_facts ORDER BY pinned DESC, created_at DESC, rowid DESC');
  // A new text needs a new embedding: the old vector is dropped with it.
  const updateText = db.prepare('UPDATE memory_facts SET text = ?, vector = NULL, vector_model = NULL, updated_at = ? WHERE id = ?');
  const updatePinned = db.prepare('UPDATE memory_facts SET pinned = ?, updated_at = ? WHERE id = ?');
  const updatePrivate = db.prepare('UPDATE memory_facts SET private = ?, updated_at = ? WHERE id = ?');
  const privateTexts = db.prepare('SELECT text FROM memory_facts WHERE private = 1');
  const remove = db.prepare('DELETE FROM memory_facts WHERE id = ?');
  const setVector = db.prepare('UPDATE memory_facts SET vector = ?, vector_model = ? WHERE id = ? AND text = ?');

  return {
    add(text: string, sourceMessageId: string | null, pinned = false, isPrivate = false, now = Date.now()): MemoryFact {
      const id = randomUUID();
      insert.run({ id, text, sourceMessageId, pinned: pinned ? 1 : 0, isPrivate: isPrivate ? 1 : 0, now });
      return this.get(id)!;
    },
    get(id: string): MemoryFact | null {
      const row = select.get(id) as FactRow | undefined;
      return row ? toFact(row) : null;
    },
    list(): MemoryFact[] {
      return (list.all() as FactRow[]).map(toFact);
    },
    /** Every fact with its vector: a person's memory is hundreds of facts, so ranking them all in memory is cheap. */
    listEmbedded(): EmbeddedFact[] {
      return (list.all() as FactRow[]).map((row) => ({
        ...toFact(row),
        vector: row.vector ? new Float32Array(row.vector.buffer.slice(row.vector.byteOffset, row.vector.byteOffset + row.vector.byteLength)) : null,
        vectorModel: row.vector_model,
      }));
    },
    update(id: string, change: FactChange, now = Date.now()): MemoryFact | null {
      db.transaction(() => {
        if (change.text !== undefined) updateText.run(change.text, now, id);
        if (change.pinned !== undefined) updatePinned.run(change.pinned ? 1 : 0, now, id);
        if (change.private !== undefined) updatePrivate.run(change.private ? 1 : 0, now, id);
      })();
      return this.get(id);
    },
    /** The texts of the facts marked private: what redaction replaces wherever it would leave the device. */
    privateTexts(): string[] {
      return (privateTexts.all() as { text: string }[]).map((row) => row.text);
    },
    delete(id: string): boolean {
      return remove.run(id).changes > 0;
    },
    /** Stores an embedding, unless the text changed while it was being computed. */
    setVector(id: string, text: string, vector: Float32Array, model: string): void {
      setVector.run(Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength), model, id, text);
    },
  };
}

export type FactRepository = ReturnType<typeof createFactRepository>;
