import { randomUUID } from 'node:crypto';
import type { Message, RemoteReply, ReplyContext, ReplyStats, Route } from '../api/contract.ts';
import type { ErrorPayload } from '../api/errors.ts';
import type { HearthDatabase } from './open.ts';

interface MessageRow {
  id: string;
  conversation_id: string;
  role: Message['role'];
  content: string;
  status: Message['status'];
  model: string | null;
  tokens: number | null;
  tokens_per_second: number | null;
  ttft_ms: number | null;
  error: string | null;
  context: string | null;
  remote: string | null;
  route: string | null;
  created_at: number;
}

function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    role: row.role,
    content: row.content,
    status: row.status,
    model: row.model,
    stats:
      row.tokens === null
        ? null
        : { tokens: row.tokens, tokensPerSecond: row.tokens_per_second ?? 0, ttftMs: row.ttft_ms ?? 0 },
    error: row.error === null ? null : (JSON.parse(row.error) as ErrorPayload),
    context: row.context === null ? null : (JSON.parse(row.context) as ReplyContext),
    remote: row.remote === null ? null : (JSON.parse(row.remote) as RemoteReply),
    route: row.route === null ? null : (JSON.parse(row.route) as Route),
    createdAt: row.created_at,
  };
}

export interface NewMessage {
  conversationId: string;
  role: Message['role'];
  content: string;
  status: Message['status'];
  model?: string | null;
}

export interface FinishedReply {
  content: string;
  status: 'complete' | 'interrupted' | 'error';
  stats?: ReplyStats | null;
  error?: ErrorPayload | null;
  /** Where a provider wrote it; absent or null for a local reply. */
  remote?: RemoteReply | null;
}

export function createMessageRepository(db: HearthDatabase) {
  const insert = db.prepare(`
    INSERT INTO messages (id, conversation_id, role, content, status, model, created_at, updated_at)
    VALUES (@id, @conversationId, @role, @content, @status, @model, @now, @now)`);
  const select = db.prepare('SELECT * FROM messages WHERE id = ?');
  const byConversation = db.prepare('SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq');
  const before = db.prepare(`
    SELECT * FROM messages WHERE conversation_id = ? AND seq < (SELECT seq FROM messages WHERE id = ?) ORDER BY seq`);
  const isLast = db.prepare(`
    SELECT m.id = ? AS last FROM messages m WHERE m.conversation_id = ? ORDER BY m.seq DESC LIMIT 1`);
  const saveProgress = db.prepare(`UPDATE messages SET content = ?, updated_at = ? WHERE id = ? AND status = 'streaming'`);
  const restart = db.prepare(`
    UPDATE messages SET content = '', status = 'streaming', model = ?, tokens = NULL, tokens_per_second = NULL,
      ttft_ms = NULL, error = NULL, context = NULL, remote = NULL, route = NULL, updated_at = ? WHERE id = ?`);
  const resume = db.prepare(`UPDATE messages SET status = 'streaming', error = NULL, updated_at = ? WHERE id = ?`);
  const saveContext = db.prepare('UPDATE messages SET context = ? WHERE id = ?');
  const saveRoute = db.prepare('UPDATE messages SET route = ? WHERE id = ?');
  const finish = db.prepare(`
    UPDATE messages SET content = @content, status = @status, tokens = @tokens, tokens_per_second = @tokensPerSecond,
      ttft_ms = @ttftMs, error = @error, remote = @remote, updated_at = @now WHERE id = @id`);
  const interruptAll = db.prepare(`UPDATE messages SET status = 'interrupted', updated_at = ? WHERE status = 'streaming'`);

  return {
    insert(message: NewMessage, now = Date.now()): Message {
      const id = randomUUID();
      insert.run({ ...message, model: message.model ?? null, id, now });
      return this.get(id)!;
    },
    get(id: string): Message | null {
      const row = select.get(id) as MessageRow | undefined;
      return row ? toMessage(row) : null;
    },
    listByConversation(conversationId: string): Message[] {
      return (byConversation.all(conversationId) as MessageRow[]).map(toMessage);
    },
    /** The messages that came before `messageId` in its conversation: the history a reply is written from. */
    listBefore(conversationId: string, messageId: string): Message[] {
      return (before.all(conversationId, messageId) as MessageRow[]).map(toMessage);
    },
    isLastInConversation(conversationId: string, messageId: string): boolean {
      const row = isLast.get(messageId, conversationId) as { last: number } | undefined;
      return row?.last === 1;
    },
    /** Saves a reply as it grows; only while it is still streaming. */
    saveProgress(id: string, content: string, now = Date.now()): void {
      saveProgress.run(content, now, id);
    },
    saveContext(id: string, context: ReplyContext): void {
      saveContext.run(JSON.stringify(context), id);
    },
    /** Where the routing policy sent the reply's question, and why. */
    saveRoute(id: string, route: Route): void {
      saveRoute.run(JSON.stringify(route), id);
    },
    restart(id: string, model: string | null, now = Date.now()): Message {
      restart.run(model, now, id);
      return this.get(id)!;
    },
    /** A cut reply written on from its text: streaming again, its error cleared until it ends. */
    resume(id: string, now = Date.now()): Message {
      resume.run(now, id);
      return this.get(id)!;
    },
    finish(id: string, reply: FinishedReply, now = Date.now()): Message {
      finish.run({
        id,
        now,
        content: reply.content,
        status: reply.status,
        tokens: reply.stats?.tokens ?? null,
        tokensPerSecond: reply.stats?.tokensPerSecond ?? null,
        ttftMs: reply.stats?.ttftMs ?? null,
        error: reply.error ? JSON.stringify(reply.error) : null,
        remote: reply.remote ? JSON.stringify(reply.remote) : null,
      });
      return this.get(id)!;
    },
    /** After a crash or an unclean exit: replies that were still streaming become interrupted, never lost. */
    interruptStreaming(now = Date.now()): number {
      return interruptAll.run(now).changes;
    },
  };
}

export type MessageRepository = ReturnType<typeof createMessageRepository>;
