import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how
 * many have run. Append only: never edit a migration that has shipped.
 */
const migrations: readonly string[] = [
  `
  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('complete', 'streaming', 'interrupted', 'error')),
    model TEXT,
    tokens INTEGER,
    tokens_per_second REAL,
    ttft_ms REAL,
    error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX messages_by_conversation ON messages(conversation_id, seq);
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  -- The index holds finished messages only, so a reply saved every few
  -- hundred milliseconds while it streams does not rewrite the index.
  CREATE VIRTUAL TABLE messages_fts USING fts5(
    content, content = 'messages', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.status <> 'streaming' BEGIN
    INSERT INTO messages_fts(rowid, content) VALUES (new.seq, new.content);
  END;
  CREATE TRIGGER messages_fts_unindex BEFORE UPDATE ON messages WHEN old.status <> 'streaming' BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.seq, old.content);
  END;
  CREATE TRIGGER messages_fts_reindex AFTER UPDATE ON messages WHEN new.status <> 'streaming' BEGIN
    INSERT INTO messages_fts(rowid, content) VALUES (new.seq, new.content);
  END;
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.status <> 'streaming' BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.seq, old.content);
  END;
  `,
  // Private context (issue 4): memory facts, documents and their chunks,
  // pins of documents to conversations, and what each reply was built from.
  `
  CREATE TABLE memory_facts (
    id TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    source_message_id TEXT REFERENCES messages(id) ON DELETE SET NULL,
    pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    -- float32 little-endian, L2-normalised; NULL until embedded, and again after the embedding model changes.
    vector BLOB,
    vector_model TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    source_path TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('txt', 'md', 'pdf', 'html')),
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'extracting', 'embedding', 'ready', 'failed', 'cancelled')),
    error TEXT,
    chunk_count INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  -- A chunk's rowid is shared by chunks_fts and the vector tables.
  CREATE TABLE chunks (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    text TEXT NOT NULL,
    -- JSON: { "page": n } for PDF, { "lineStart": a, "lineEnd": b } for text; where a citation opens.
    location TEXT NOT NULL,
    -- float32 little-endian, L2-normalised; NULL until embedded.
    vector BLOB,
    vector_model TEXT,
    UNIQUE (document_id, ordinal)
  );
  CREATE INDEX chunks_unembedded ON chunks(document_id) WHERE vector IS NULL;
  CREATE VIRTUAL TABLE chunks_fts USING fts5(
    text, content = 'chunks', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text);
  END;
  CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
  END;
  CREATE TRIGGER chunks_fts_update AFTER UPDATE OF text ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text);
  END;
  CREATE TABLE conversation_documents (
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (conversation_id, document_id)
  );
  -- JSON: the facts, chunks and pinned documents a reply was given, and per-stage timings.
  ALTER TABLE messages ADD COLUMN context TEXT;
    `,
  // Remote replies (issue 11): JSON, where a reply a Morpheus provider wrote ran,
  // what it cost and what was sent (src/api/remote-reply.ts); NULL for a local reply.
  `
  ALTER TABLE messages ADD COLUMN remote TEXT;
  `,
  // Provider sessions (issue 11): each session Hearth opens with a Morpheus provider, from
  // before its open transaction to its close, with the transactions sent for it, so that a
  // restart finds what is open, what is staked and what to close. Amounts in wei are decimal
  // TEXT (they pass 2^63); times on chain are seconds, created_at and updated_at are ms.
  // Addresses and hashes are kept as given and matched case-insensitively: the indexes
  // are on lower(...) so that those lookups use them.
  `
  CREATE TABLE market_sessions (
    id TEXT PRIMARY KEY,
    chain_id INTEGER NOT NULL,
    user_address TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('opening', 'open', 'closing', 'closed', 'expired', 'failed')),
    session_id TEXT UNIQUE,
    provider_address TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    model_id TEXT NOT NULL,
    model_name TEXT NOT NULL,
    bid_id TEXT NOT NULL,
    price_per_second TEXT NOT NULL,
    stake TEXT NOT NULL,
    -- The session's own private key (hex): it signs prompts; the database is encrypted, and exports leave it out.
    session_key TEXT NOT NULL,
    provider_public_key TEXT,
    approval TEXT,
    approval_signature TEXT,
    opened_at INTEGER,
    ends_at INTEGER,
    closed_at INTEGER,
    cost_wei TEXT,
    refund_wei TEXT,
    -- The part of the refund the contract holds after an early close, and the UTC midnight (chain seconds) it is released.
    held_wei TEXT,
    held_until INTEGER,
    error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX market_sessions_by_state ON market_sessions(state);
  CREATE INDEX market_sessions_by_bid ON market_sessions(chain_id, lower(user_address), lower(bid_id));
  CREATE UNIQUE INDEX market_sessions_by_session_id ON market_sessions(lower(session_id));
  CREATE TABLE market_transactions (
    hash TEXT PRIMARY KEY,
    chain_id INTEGER NOT NULL,
    session_ref TEXT REFERENCES market_sessions(id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('approve', 'open', 'close', 'withdraw', 'allowance', 'delegate', 'revoke', 'fund')),
    purpose TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('sent', 'mined', 'reverted')),
    block_number INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX market_transactions_by_hash ON market_transactions(lower(hash));
  CREATE INDEX market_transactions_by_session ON market_transactions(session_ref);
  `,
  // Routing (issue 13): JSON, where the routing policy sent a reply's question and why
  // (src/api/routing.ts); NULL for replies written before routing.
  `
  ALTER TABLE messages ADD COLUMN route TEXT;
  `,
  // Private memories (issue 13): a fact the person marked private leaves the device only as a placeholder.
  `
  ALTER TABLE memory_facts ADD COLUMN private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1));
  `,
  // Vector search at a million chunks (issue 15): the binary codes of the chunks' vectors, which the core
  // loads into memory and scans (src/memory/retrieval/vector-codes.ts). A change log of batches added and
  // codes removed, folded in the background into one row per model, size and range of chunk ids. The
  // sqlite-vec tables they replace are dropped by the chunk index (dropping one needs the extension).
  `
  CREATE TABLE vector_code_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    model TEXT NOT NULL,
    dimensions INTEGER NOT NULL,
    -- A batch added: float64 little-endian chunk ids, and ceil(dimensions / 8) bytes of code for each.
    chunk_ids BLOB,
    codes BLOB,
    -- Or one chunk's code removed.
    removed_chunk_id INTEGER,
    CHECK ((chunk_ids IS NOT NULL AND codes IS NOT NULL) <> (removed_chunk_id IS NOT NULL))
  );
  CREATE TABLE vector_code_ranges (
    model TEXT NOT NULL,
    dimensions INTEGER NOT NULL,
    -- The first chunk id of the range (a multiple of 65,536).
    range_start INTEGER NOT NULL,
    -- The last log row this range includes.
    folded_seq INTEGER NOT NULL,
    chunk_ids BLOB NOT NULL,
    codes BLOB NOT NULL,
    PRIMARY KEY (model, dimensions, range_start)
  );
  -- generation: bumped when every code is dropped. rebuild_after_chunk_id: where a rebuild of the codes
  -- from chunks.vector stands; NULL when none is under way.
  CREATE TABLE vector_code_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    rebuild_after_chunk_id INTEGER
  );
  INSERT INTO vector_code_state (id, generation, rebuild_after_chunk_id)
    VALUES (1, 0, CASE WHEN EXISTS (SELECT 1 FROM chunks WHERE vector IS NOT NULL) THEN -1 END);
  -- Which models embedded the chunks, found by two index seeks at start, not by reading every chunk.
  CREATE INDEX chunks_by_vector_model ON chunks(vector_model) WHERE vector_model IS NOT NULL;
  CREATE TRIGGER chunks_vector_code_forget AFTER DELETE ON chunks WHEN old.vector IS NOT NULL BEGIN
    INSERT INTO vector_code_log (model, dimensions, removed_chunk_id) VALUES (old.vector_model, length(old.vector) / 4, old.id);
  END;
  CREATE TRIGGER chunks_vector_code_replace AFTER UPDATE OF vector ON chunks WHEN old.vector IS NOT NULL BEGIN
    INSERT INTO vector_code_log (model, dimensions, removed_chunk_id) VALUES (old.vector_model, length(old.vector) / 4, old.id);
  END;
  `,
  // Beside each code, the vector in 8 bits per dimension (a float32 scale, then int8 values), which the core
  // ranks a search's candidates by from memory. The codes written before are dropped and rebuilt with them.
  `
  ALTER TABLE vector_code_log ADD COLUMN vectors8 BLOB;
  ALTER TABLE vector_code_ranges ADD COLUMN vectors8 BLOB;
  DELETE FROM vector_code_log;
  DELETE FROM vector_code_ranges;
  UPDATE vector_code_state SET generation = generation + 1,
    rebuild_after_chunk_id = CASE WHEN EXISTS (SELECT 1 FROM chunks WHERE vector IS NOT NULL) THEN -1 END;
  `,
  // Ranges of 4,096 chunk ids instead of 16,384, so that no background step holds a question for long:
  // the ranges written before are dropped and rebuilt.
  `
  DELETE FROM vector_code_log;
  DELETE FROM vector_code_ranges;
  UPDATE vector_code_state SET generation = generation + 1,
    rebuild_after_chunk_id = CASE WHEN EXISTS (SELECT 1 FROM chunks WHERE vector IS NOT NULL) THEN -1 END;
  `,
  // A conversation's own settings (JSON, validated when read) and the presets a person saves; a conversation
  // keeps its settings when the preset it followed is deleted. Branches: each message follows its parent (an
  // edited message is a new child of the same parent, the old one kept), and a conversation shows the path to its
  // leaf; the messages written before follow one another in order.
  `
  ALTER TABLE messages ADD COLUMN parent_id TEXT;
  ALTER TABLE conversations ADD COLUMN leaf_id TEXT;
  UPDATE messages SET parent_id = (
    SELECT p.id FROM messages p WHERE p.conversation_id = messages.conversation_id AND p.seq < messages.seq ORDER BY p.seq DESC LIMIT 1);
  UPDATE conversations SET leaf_id = (SELECT m.id FROM messages m WHERE m.conversation_id = conversations.id ORDER BY m.seq DESC LIMIT 1);
  CREATE INDEX messages_by_parent ON messages(conversation_id, parent_id);
  CREATE TABLE presets (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    settings TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX presets_by_name ON presets (lower(name));
  CREATE TABLE conversation_settings (
    conversation_id TEXT PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
    settings TEXT NOT NULL,
    preset_id TEXT REFERENCES presets(id) ON DELETE SET NULL,
    changed_from_preset INTEGER NOT NULL DEFAULT 0
  );
  `,
  // The tool calls a reply made (issue 14), as JSON: each call's server, tool, arguments, decision and result.
  `
  ALTER TABLE messages ADD COLUMN tool_calls TEXT;
  `,
];

export const schemaVersion = migrations.length;

/** Brings the database up to the current schema, one transaction per migration. */
export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`The database was written by a newer Hearth (schema ${current}, this one knows ${migrations.length}).`);
  }
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
