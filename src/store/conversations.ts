import { randomUUID } from 'node:crypto';
import type { Conversation, ConversationSummary, SearchHit } from '../api/contract.ts';
import type { HearthDatabase } from './open.ts';

interface ConversationRow {
  id: string;
  title: string;
  created_at: number;
  updated_at: number;
}

const toConversation = (row: ConversationRow): Conversation => ({
  id: row.id,
  title: row.title,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** FTS5 query syntax from free text: every word must match, as a prefix. */
export function toMatchQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}_]+/gu);
  if (!words) return null;
  return words.map((word) => `"${word}"*`).join(' ');
}

export function createConversationRepository(db: HearthDatabase) {
  const insert = db.prepare('INSERT INTO conversations (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)');
  const select = db.prepare('SELECT * FROM conversations WHERE id = ?');
  const touch = db.prepare('UPDATE conversations SET updated_at = ? WHERE id = ?');
  const list = db.prepare(`
    SELECT c.*, COALESCE((SELECT substr(m.content, 1, 120) FROM messages m
                          WHERE m.conversation_id = c.id ORDER BY m.seq DESC LIMIT 1), '') AS preview
    FROM conversations c ORDER BY c.updated_at DESC, c.rowid DESC`);
  const search = db.prepare(`
    SELECT m.id AS message_id, m.conversation_id, c.title,
           snippet(messages_fts, 0, '[[', ']]', '…', 16) AS snippet
    FROM messages_fts
    JOIN messages m ON m.seq = messages_fts.rowid
    JOIN conversations c ON c.id = m.conversation_id
    WHERE messages_fts MATCH ?
    ORDER BY rank LIMIT 50`);

  return {
    create(title: string, now = Date.now()): Conversation {
      const conversation = { id: randomUUID(), title, createdAt: now, updatedAt: now };
      insert.run(conversation.id, title, now, now);
      return conversation;
    },
    get(id: string): Conversation | null {
      const row = select.get(id) as ConversationRow | undefined;
      return row ? toConversation(row) : null;
    },
    touch(id: string, now = Date.now()): void {
      touch.run(now, id);
    },
    list(): ConversationSummary[] {
      return (list.all() as (ConversationRow & { preview: string })[]).map((row) => ({
        ...toConversation(row),
        preview: row.preview,
      }));
    },
    search(text: string): SearchHit[] {
      const query = toMatchQuery(text);
      if (!query) return [];
      const rows = search.all(query) as { message_id: string; conversation_id: string; title: string; snippet: string }[];
      return rows.map((row) => ({
        conversationId: row.conversation_id,
        messageId: row.message_id,
        title: row.title,
        snippet: row.snippet,
      }));
    },
  };
}

export type ConversationRepository = ReturnType<typeof createConversationRepository>;
