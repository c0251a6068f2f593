/**
 * The contract's part for private context (issue 4): the vault that
 * encrypts the data, long-term memory, documents, and what a reply was
 * built from.
 */
import { z } from 'zod';
import { errorPayloadSchema } from './error-payload.ts';

const id = z.string().min(1).max(64);

/** Where a passage sits in its document: a PDF page, or lines of a text file (1-based, inclusive). */
export const passageLocationSchema = z.union([
  z.object({ page: z.number().int().positive() }),
  z.object({ lineStart: z.number().int().positive(), lineEnd: z.number().int().positive() }),
]);

/** What a reply was given besides the conversation, and how long gathering it took: shown under the reply. */
export const replyContextSchema = z.object({
  facts: z.array(z.object({ id, text: z.string(), reason: z.enum(['pinned', 'meaning', 'words']) })),
  sources: z.array(
    z.object({ chunkId: z.number().int(), documentId: id, documentName: z.string(), location: passageLocationSchema, text: z.string() }),
  ),
  /** Milliseconds per stage; stages that did not run are 0. */
  timings: z.object({
    embedQueryMs: z.number(),
    vectorSearchMs: z.number(),
    keywordSearchMs: z.number(),
    fuseMs: z.number(),
    assembleMs: z.number(),
  }),
  /** Earlier turns left out so that the prompt fits the model's context window. */
  droppedTurns: z.number().int().nonnegative(),
  /** The conversation's settings the reply was written with (the system prompt before memories and passages); absent on older replies. */
  settings: z
    .object({
      systemPrompt: z.string(),
      temperature: z.number(),
      topP: z.number(),
      maxTokens: z.number().int(),
      /** The prompt's limit in tokens; null where none is known (a provider's reply). */
      contextTokens: z.number().int().nullable(),
      /** The preset the conversation followed, by name. */
      preset: z.string().nullable(),
    })
    .optional(),
});

/** Something Hearth remembers about its user, kept only after the user agreed. */
export const memoryFactSchema = z.object({
  id,
  text: z.string(),
  /** The message the fact was learnt from; null when the user typed it in. */
  sourceMessageId: id.nullable(),
  /** Pinned facts go into every prompt; the others only when relevant to the question. */
  pinned: z.boolean(),
  /** Never sent to a provider as it is: wherever its text appears in what would leave, a placeholder stands for it. */
  private: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
});

/** A fact the local model suggests remembering; nothing is stored until the user accepts it. */
export const factProposalSchema = z.object({ text: z.string(), sourceMessageId: id });

/** Longest fact, in characters: a sentence or two, not a document. */
export const MAX_FACT_CHARS = 500;

const factText = z.string().trim().min(1).max(MAX_FACT_CHARS);

export const vaultStatusSchema = z.object({
  /**
   * new: no key exists yet (first run); locked: a passphrase is needed; unlocked: the data is open;
   * damaged: the key opened the file but the check at start (or a later read) found it damaged, so
   * only restoring a backup, exporting what can be read, or wiping is possible; missing: vault.json
   * records a key but hearth.db is gone, and a backup opened with the key, so restoring one (or
   * wiping) is possible.
   */
  state: z.enum(['new', 'locked', 'unlocked', 'damaged', 'missing']),
  /** How the key is kept: derived from the user's passphrase, or held by the OS keychain (desktop). */
  protection: z.enum(['passphrase', 'keychain']),
  /** Conversations written before Hearth encrypted its data: creating the vault encrypts them. */
  hasUnencryptedData: z.boolean(),
  minPassphraseChars: z.number().int(),
});

const passphrase = z.string().min(1).max(1024);

/** A daily encrypted copy of the database, in backups/ in the data folder. */
export const backupSchema = z.object({ id: z.string(), createdAt: z.number(), sizeBytes: z.number().nonnegative() });


/** A document the user added, and how far its ingestion is. */
export const documentSchema = z.object({
  id,
  name: z.string(),
  kind: z.enum(['txt', 'md', 'pdf', 'html']),
  sizeBytes: z.number().nonnegative(),
  /** queued → extracting → embedding → ready; or failed (see error) or cancelled. */
  status: z.enum(['queued', 'extracting', 'embedding', 'ready', 'failed', 'cancelled']),
  error: errorPayloadSchema.nullable(),
  chunkCount: z.number().int().nonnegative(),
  embeddedCount: z.number().int().nonnegative(),
  createdAt: z.number(),
});

/** A cited passage as the viewer shows it: the chunk, with the text around it in its document. */
export const passageSchema = z.object({
  chunkId: z.number().int(),
  documentId: id,
  documentName: z.string(),
  location: passageLocationSchema,
  text: z.string(),
  /** The chunks just before and after, for context; empty at the document's edges. */
  before: z.string(),
  after: z.string(),
});

const filePath = z.string().trim().min(1).max(4096);

/** The search index over the documents: how many passages a search by meaning reaches, and a rebuild under way. */
const documentIndexSchema = z.object({
  indexedVectors: z.number().int(),
  /** Chunk ids covered of the library's span; null when no rebuild is under way. */
  rebuild: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
});

export const privateContextMethods = {
  'vault.status': { params: z.object({}), result: vaultStatusSchema },
  /** First run: chooses the passphrase and encrypts any data written before. */
  'vault.create': { params: z.object({ passphrase }), result: vaultStatusSchema },
  'vault.unlock': { params: z.object({ passphrase }), result: vaultStatusSchema },
  /** Re-encrypts the whole database under the new passphrase; nothing is lost if it is cut short. */
  'vault.changePassphrase': { params: z.object({ current: passphrase, next: passphrase }), result: vaultStatusSchema },
  'memory.list': { params: z.object({}), result: z.array(memoryFactSchema) },
  'memory.add': {
    params: z.object({ text: factText, sourceMessageId: id.nullable().default(null), pinned: z.boolean().default(false), private: z.boolean().default(false) }),
    result: memoryFactSchema,
  },
  'memory.update': { params: z.object({ id, text: factText.optional(), pinned: z.boolean().optional(), private: z.boolean().optional() }), result: memoryFactSchema },
  'memory.delete': { params: z.object({ id }), result: z.object({ deleted: z.boolean() }) },
  /** Asks the local model which facts about the user this conversation holds; stores nothing. */
  'memory.propose': { params: z.object({ conversationId: id }), result: z.object({ proposals: z.array(factProposalSchema) }) },
  'documents.list': { params: z.object({}), result: z.array(documentSchema) },
  /** A file, or a folder (every supported file in it); ingestion continues in the background with documents.changed events. */
  'documents.add': {
    params: z.object({ path: filePath }),
    result: z.object({ added: z.array(documentSchema), skipped: z.array(z.string()) }),
  },
  'documents.cancel': { params: z.object({ id }), result: z.object({ cancelled: z.boolean() }) },
  /** Removes the document with its chunks and vectors; the file itself is not touched. */
  'documents.remove': { params: z.object({ id }), result: z.object({ removed: z.boolean() }) },
  'documents.passage': { params: z.object({ chunkId: z.number().int() }), result: passageSchema },
  /** The search index's state; while it is rebuilt (after an update), documents.index events follow its progress. */
  'documents.index': { params: z.object({}), result: documentIndexSchema },
  /** Documents pinned to a conversation are always in its context when they fit. */
  'documents.pinned': { params: z.object({ conversationId: id }), result: z.array(id) },
  'documents.pin': { params: z.object({ conversationId: id, documentId: id, pinned: z.boolean() }), result: z.array(id) },
  /** Writes everything (conversations, memory, documents list) as JSON and Markdown into a new folder; not encrypted. */
  'data.export': {
    params: z.object({}),
    result: z.object({
      directory: z.string(),
      conversations: z.number().int(),
      messages: z.number().int(),
      facts: z.number().int(),
      documents: z.number().int(),
    }),
  },
  /** Deletes all conversations, memories, documents' index, backups, exports and the key; models stay. Asks to type "wipe". */
  'data.wipe': { params: z.object({ confirm: z.literal('wipe') }), result: vaultStatusSchema },
  /** The encrypted daily copies, newest first (the last 3 days Hearth was opened). */
  'data.backups': { params: z.object({}), result: z.array(backupSchema) },
  /** Replaces the database by a backup, after checking that it opens; the file it replaces is moved aside, never deleted. */
  'data.restoreBackup': { params: z.object({ id: z.string().min(1).max(64) }), result: vaultStatusSchema },
  /** From a damaged database: every row that can still be read, table by table, as JSON and Markdown into a new folder in exports/; not encrypted. */
  'data.exportReadable': {
    params: z.object({}),
    result: z.object({
      directory: z.string(),
      tables: z.array(z.object({ name: z.string(), rows: z.number().int(), complete: z.boolean() })),
    }),
  },
} as const;

export const privateContextEvents = {
  'vault.status': vaultStatusSchema,
  /** Facts were added, edited or deleted: list them again. */
  'memory.changed': z.object({}),
  /** A document was added, moved a step in ingestion, or was removed (then document is null). */
  'documents.changed': z.object({ id, document: documentSchema.nullable() }),
  /** The search index's rebuild moved on, or ended (rebuild null). */
  'documents.index': documentIndexSchema,
} as const;

export type VaultStatus = z.output<typeof vaultStatusSchema>;
export type BackupView = z.output<typeof backupSchema>;
export type MemoryFact = z.output<typeof memoryFactSchema>;
export type FactProposal = z.output<typeof factProposalSchema>;
export type ReplyContext = z.output<typeof replyContextSchema>;
export type PassageLocation = z.output<typeof passageLocationSchema>;
export type DocumentView = z.output<typeof documentSchema>;
export type Passage = z.output<typeof passageSchema>;
export type DocumentIndexView = z.output<typeof documentIndexSchema>;
