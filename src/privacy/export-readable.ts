import fs from 'node:fs';
import path from 'node:path';
import { makePrivateDir } from '../common/private-files.ts';
import { openReadOnly, type HearthDatabase } from '../store/open.ts';

/**
 * What a damaged database still holds, written out: each of Hearth's
 * tables read row by row in rowid order, from the file opened read-only
 * (it is never changed). A read that fails (a page whose HMAC fails, a
 * broken b-tree) loses the rows on that page: the reading jumps ahead,
 * one rowid at a time and then farther and farther, until it reads again.
 * Vectors (BLOBs) are left out: they are rebuilt from the text. The copy
 * is not encrypted, as with the ordinary export.
 */
export interface ReadableExportResult {
  directory: string;
  tables: { name: string; rows: number; complete: boolean }[];
}

type Row = Record<string, unknown>;

/** Hearth's own tables; the search indexes are left out, they are rebuilt from these. */
const tableNames = [
  'conversations', 'messages', 'memory_facts', 'documents', 'chunks', 'conversation_documents', 'settings', 'market_sessions', 'market_transactions',
  'conversation_settings', 'presets',
] as const;
/**
 * Keys that never leave the database in the clear: each provider session's
 * own key, and the agent key a session allowance lets open sessions for the
 * wallet. The records of what was staked and spent are kept.
 */
const secretColumns: Partial<Record<string, string>> = { market_sessions: 'session_key' };
const secretSettings = new Set(['wallet.agentKey']);

function withoutSecrets(table: string, rows: Row[]): Row[] {
  const column = secretColumns[table];
  if (table === 'settings') return rows.filter((row) => !secretSettings.has(String(row.key)));
  return column ? rows.map(({ [column]: _secret, ...row }) => row) : rows;
}
/** Rowids tried one by one after a failed read, before the jumps start doubling. */
const singleSteps = 100;

const stamp = (time: Date) => time.toISOString().replace(/\.\d+Z$/, '').replace(/[:T]/g, '-');

function readTable(db: HearthDatabase, table: string): { rows: Row[]; complete: boolean } {
  const rows: Row[] = [];
  let last: number | null;
  let next;
  try {
    last = (db.prepare(`SELECT max(rowid) AS last FROM "${table}"`).get() as { last: number | null }).last;
    next = db.prepare(`SELECT rowid AS "rowid:", * FROM "${table}" WHERE rowid > ? ORDER BY rowid`);
  } catch {
    return { rows, complete: false };
  }
  let after = Number.MIN_SAFE_INTEGER;
  let complete = true;
  let tries = 0;
  for (;;) {
    try {
      for (const { 'rowid:': rowid, ...row } of next.iterate(after) as Iterable<Row>) {
        after = rowid as number;
        tries = 0;
        rows.push(Object.fromEntries(Object.entries(row).filter(([, value]) => !Buffer.isBuffer(value))));
      }
      return { rows, complete };
    } catch {
      complete = false;
      if (last === null || after >= last) return { rows, complete };
      tries += 1;
      after = Math.max(after, 0) + (tries <= singleSteps ? 1 : 2 ** (tries - singleSteps));
    }
  }
}

function conversationsMarkdown(conversations: Row[], messages: Row[]): string {
  const titles = new Map(conversations.map((row) => [row.id, String(row.title)]));
  const byConversation = new Map<unknown, Row[]>();
  for (const row of messages) byConversation.set(row.conversation_id, [...(byConversation.get(row.conversation_id) ?? []), row]);
  const parts = ['# Conversations read back from a damaged Hearth data file', ''];
  for (const [id, rows] of byConversation) {
    parts.push(`## ${titles.get(id) ?? `Conversation ${String(id)} (its title was lost)`}`, '');
    for (const row of rows) parts.push(`### ${row.role === 'user' ? 'You' : 'Hearth'}`, '', String(row.content), '');
  }
  return parts.join('\n');
}

export function exportReadable(databaseFile: string, key: Buffer | undefined, parentDirectory: string, now = new Date()): ReadableExportResult {
  const db = openReadOnly(databaseFile, key);
  const read = new Map<string, { rows: Row[]; complete: boolean }>();
  try {
    for (const name of tableNames) {
      const { rows, complete } = readTable(db, name);
      read.set(name, { rows: withoutSecrets(name, rows), complete });
    }
  } finally {
    db.close();
  }
  makePrivateDir(parentDirectory);
  const directory = path.join(parentDirectory, `hearth-readable-${stamp(now)}`);
  makePrivateDir(directory);
  const write = (name: string, text: string) => fs.writeFileSync(path.join(directory, name), text, { mode: 0o600 });
  write('hearth-readable.json', `${JSON.stringify({ format: 'hearth-readable-export', version: 1, exportedAt: now.toISOString(), tables: Object.fromEntries(read) }, null, 2)}\n`);
  write('conversations.md', conversationsMarkdown(read.get('conversations')!.rows, read.get('messages')!.rows));
  return { directory, tables: [...read].map(([name, { rows, complete }]) => ({ name, rows: rows.length, complete })) };
}
