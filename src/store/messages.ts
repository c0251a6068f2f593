import { randomUUID } from 'node:crypto';
import type { Message, RemoteReply, ReplyContext, ReplyStats, Route, ToolCallView } from '../api/contract.ts';
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
  parent_id: string | null;
  tool_calls: string | null;
}

type Branch = NonNullable<Message['branch']>;

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
    parentId: row.parent_id,
    ...(row.tool_calls === null ? {} : { toolCalls: JSON.parse(row.tool_calls) as ToolCallView[] }),
  };
}

export interface NewMessage {
  conversationId: string;
  role: Message['role'];
  content: string;
  status: Message['status'];
  model?: string | null;
  /** The message it follows: the conversation's current leaf when left out; null to begin the conversation anew. */
  parentId?: string | null;
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
    INSERT INTO messages (id, conversation_id, role, content, status, model, parent_id, created_at, updated_at)
    VALUES (@id, @conversationId, @role, @content, @status, @model, @parentId, @now, @now)`);
  const select = db.prepare('SELECT * FROM messages WHERE id = ?');
  const leafOf = db.prepare('SELECT leaf_id FROM conversations WHERE id = ?').pluck();
  const setLeaf = db.prepare('UPDATE conversations SET leaf_id = ? WHERE id = ?');
  // From a message up to the conversation's first, then in reading order.
  const pathTo = db.prepare(`
    WITH RECURSIVE path(id, depth) AS (
      SELECT ?, 0
      UNION ALL SELECT m.parent_id, path.depth + 1 FROM messages m JOIN path ON m.id = path.id WHERE m.parent_id IS NOT NULL)
    SELECT m.* FROM path JOIN messages m ON m.id = path.id ORDER BY path.depth DESC`);
  const family = db.prepare('SELECT id, parent_id FROM messages WHERE conversation_id = ? ORDER BY seq');
  const siblings = db.prepare('SELECT id FROM messages WHERE conversation_id = ? AND parent_id IS ? ORDER BY seq').pluck();
  const all = db.prepare('SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq');
  const saveProgress = db.prepare(`UPDATE messages SET content = ?, updated_at = ? WHERE id = ? AND status = 'streaming'`);
  const resume = db.prepare(`UPDATE messages SET status = 'streaming', error = NULL, updated_at = ? WHERE id = ?`);
  const saveContext = db.prepare('UPDATE messages SET context = ? WHERE id = ?');
  const saveRoute = db.prepare('UPDATE messages SET route = ? WHERE id = ?');
  const saveToolCalls = db.prepare('UPDATE messages SET tool_calls = ? WHERE id = ?');
  const finish = db.prepare(`
    UPDATE messages SET content = @content, status = @status, tokens = @tokens, tokens_per_second = @tokensPerSecond,
      ttft_ms = @ttftMs, error = @error, remote = @remote, updated_at = @now WHERE id = @id`);
  const interruptAll = db.prepare(`UPDATE messages SET status = 'interrupted', updated_at = ? WHERE status = 'streaming'`);

  /** Each message's children in the order they were written, by parent ('' for the first messages). */
  function childrenOf(conversationId: string): Map<string, string[]> {
    const children = new Map<string, string[]>();
    for (const { id, parent_id: parent } of family.all(conversationId) as { id: string; parent_id: string | null }[]) {
      const siblings = children.get(parent ?? '') ?? [];
      siblings.push(id);
      children.set(parent ?? '', siblings);
    }
    return children;
  }

  function branchOf(message: Message, children: Map<string, string[]>): Branch | null {
    const siblings = children.get(message.parentId ?? '') ?? [message.id];
    if (siblings.length < 2) return null;
    const index = siblings.indexOf(message.id);
    return { index, count: siblings.length, previousId: siblings[index - 1] ?? null, nextId: siblings[index + 1] ?? null };
  }

  const path = (messageId: string | null) => (messageId === null ? [] : (pathTo.all(messageId) as MessageRow[]).map(toMessage));

  return {
    /** Adds a message after its parent (the conversation's leaf unless named) and shows its branch. */
    insert(message: NewMessage, now = Date.now()): Message {
      const id = randomUUID();
      db.transaction(() => {
        const parentId = message.parentId === undefined ? (leafOf.get(message.conversationId) as string | null) : message.parentId;
        insert.run({ conversationId: message.conversationId, role: message.role, content: message.content, status: message.status, model: message.model ?? null, parentId, id, now });
        setLeaf.run(id, message.conversationId);
      })();
      return this.get(id)!;
    },
    /** A message, with its other versions where it has any. */
    get(id: string): Message | null {
      const row = select.get(id) as MessageRow | undefined;
      if (!row) return null;
      const message = toMessage(row);
      const branch = branchOf(message, new Map([[message.parentId ?? '', siblings.all(row.conversation_id, row.parent_id) as string[]]]));
      return branch === null ? message : { ...message, branch };
    },
    /** The conversation as shown: the path from its first message to its leaf, each message with its other versions. */
    listByConversation(conversationId: string): Message[] {
      const shown = path(leafOf.get(conversationId) as string | null);
      const children = childrenOf(conversationId);
      return shown.map((message) => {
        const branch = branchOf(message, children);
        return branch === null ? message : { ...message, branch };
      });
    },
    /** Every message of the conversation, on every branch, in the order written. */
    listAll(conversationId: string): Message[] {
      return (all.all(conversationId) as MessageRow[]).map(toMessage);
    },
    /** The messages that came before `messageId` on its branch: the history a reply is written from. */
    listBefore(conversationId: string, messageId: string): Message[] {
      const shown = path(messageId);
      return shown[0]?.conversationId === conversationId ? shown.slice(0, -1) : [];
    },
    isLastInConversation(conversationId: string, messageId: string): boolean {
      return leafOf.get(conversationId) === messageId;
    },
    /** Shows the branch `messageId` is on: it and, after it, the latest written message at each step. */
    showBranchOf(conversationId: string, messageId: string): void {
      const children = childrenOf(conversationId);
      let leaf = messageId;
      for (let next = children.get(leaf)?.at(-1); next !== undefined; next = children.get(leaf)?.at(-1)) leaf = next;
      setLeaf.run(leaf, conversationId);
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
    /** The reply's tool calls as they stand now, each time one changes, so that a reload shows them. */
    saveToolCalls(id: string, records: ToolCallView[]): void {
      saveToolCalls.run(records.length === 0 ? null : JSON.stringify(records), id);
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
