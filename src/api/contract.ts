/**
 * The one contract between the UI and the core: every call and event, as
 * zod schemas. The core validates every request with these; the renderer
 * imports only the inferred types.
 */
import { z } from 'zod';

/** Longest message a person can send, in characters (about 8k tokens). */
export const MAX_MESSAGE_CHARS = 32_000;

const id = z.string().min(1).max(64);

export const errorPayloadSchema = z.object({
  code: z.string(),
  message: z.string(),
  action: z.string(),
  details: z.string().optional(),
});

export const replyStatsSchema = z.object({
  tokens: z.number().int().nonnegative(),
  tokensPerSecond: z.number().nonnegative(),
  ttftMs: z.number().nonnegative(),
});

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
});

export const messageSchema = z.object({
  id,
  conversationId: id,
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  status: z.enum(['complete', 'streaming', 'interrupted', 'error']),
  model: z.string().nullable(),
  stats: replyStatsSchema.nullable(),
  error: errorPayloadSchema.nullable(),
  /** Assistant replies only: the memories and passages the reply was written from. */
  context: replyContextSchema.nullable().optional(),
  createdAt: z.number(),
});

export const conversationSchema = z.object({
  id,
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});

export const conversationSummarySchema = conversationSchema.extend({ preview: z.string() });

export const searchHitSchema = z.object({
  conversationId: id,
  messageId: id,
  title: z.string(),
  /** Text around the match; the matched words are wrapped in [[ and ]]. */
  snippet: z.string(),
});

export const modelStatusSchema = z.object({
  state: z.enum(['loading', 'calibrating', 'ready', 'error']),
  name: z.string().nullable(),
  path: z.string().nullable(),
  /** True for the bundled stories260K demo, which writes children's stories only. */
  isDemo: z.boolean(),
  sizeBytes: z.number().nullable(),
  threads: z.number().int().nullable(),
  contextSize: z.number().int().nullable(),
  /** The GPU backend the model runs on ("cuda", "metal", "vulkan"), or null on the CPU. */
  gpu: z.string().nullable().optional(),
  /** Layers offloaded to the GPU; 0 on the CPU. */
  gpuLayers: z.number().int().nullable().optional(),
  /** Why the model runs on the CPU although a GPU was found, for the user. */
  fallbackReason: z.string().nullable().optional(),
  error: errorPayloadSchema.nullable(),
});

export const appInfoSchema = z.object({
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  dataDir: z.string(),
});

/** An installed model file, as the Models page lists it. */
export const installedModelSchema = z.object({
  /** The catalogue id for downloads, else the file name. */
  id: z.string().min(1),
  file: z.string(),
  path: z.string(),
  name: z.string(),
  sizeBytes: z.number().nonnegative(),
  quantization: z.string().nullable(),
  contextLength: z.number().int().nullable(),
  licence: z.string().nullable(),
  /** "bundled" is the demo model that ships with Hearth; it cannot be deleted. */
  origin: z.enum(['catalogue', 'import', 'unknown', 'bundled']),
  /** Its sha256 was checked against a published one. */
  verified: z.boolean(),
  /** The model chat uses now. */
  active: z.boolean(),
});

export const modelFitSchema = z.object({
  level: z.enum(['gpu', 'partial-gpu', 'cpu', 'too-big']),
  speed: z.enum(['fast', 'usable', 'slow']).nullable(),
  reason: z.string(),
});

/** A catalogue model as offered for download, rated for this machine. */
export const catalogModelSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  kind: z.enum(['chat', 'embedding']),
  sizeBytes: z.number().nullable(),
  quantization: z.string(),
  contextLength: z.number().int(),
  licence: z.string(),
  parametersBillions: z.number(),
  /** False where no published sha256 exists: the UI says "unverified". */
  verified: z.boolean(),
  fit: modelFitSchema,
  installed: z.boolean(),
  downloading: z.boolean(),
});

export const hardwareSummarySchema = z.object({
  /** The GPU backend in use ("cuda", "metal", "vulkan"), or null for CPU only. */
  gpu: z.string().nullable(),
  vramTotalBytes: z.number(),
  vramFreeBytes: z.number(),
  ramTotalBytes: z.number(),
  ramFreeBytes: z.number(),
});

export const modelCatalogSchema = z.object({
  models: z.array(catalogModelSchema),
  /** The chat model suggested for this machine, and why; null when none fits. */
  recommended: z.object({ id: z.string(), reason: z.string() }).nullable(),
  hardware: hardwareSummarySchema,
});

export const downloadProgressSchema = z.object({
  id: z.string(),
  bytes: z.number().nonnegative(),
  /** Null while the server has not said how big the file is. */
  total: z.number().nullable(),
  /** Bytes per second over the last few seconds. */
  rate: z.number().nonnegative(),
  etaSeconds: z.number().nullable(),
});

const messageText = z
  .string()
  .refine((text) => text.trim().length > 0, { message: 'MESSAGE_EMPTY' })
  .refine((text) => text.length <= MAX_MESSAGE_CHARS, { message: 'MESSAGE_TOO_LONG' });

/** Something Hearth remembers about its user, kept only after the user agreed. */
export const memoryFactSchema = z.object({
  id,
  text: z.string(),
  /** The message the fact was learnt from; null when the user typed it in. */
  sourceMessageId: id.nullable(),
  /** Pinned facts go into every prompt; the others only when relevant to the question. */
  pinned: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
});

/** A fact the local model suggests remembering; nothing is stored until the user accepts it. */
export const factProposalSchema = z.object({ text: z.string(), sourceMessageId: id });

/** Longest fact, in characters: a sentence or two, not a document. */
export const MAX_FACT_CHARS = 500;

const factText = z.string().trim().min(1).max(MAX_FACT_CHARS);

export const vaultStatusSchema = z.object({
  /** new: no key exists yet (first run); locked: a passphrase is needed; unlocked: the data is open. */
  state: z.enum(['new', 'locked', 'unlocked']),
  /** How the key is kept: derived from the user's passphrase, or held by the OS keychain (desktop). */
  protection: z.enum(['passphrase', 'keychain']),
  /** Conversations written before Hearth encrypted its data: creating the vault encrypts them. */
  hasUnencryptedData: z.boolean(),
  minPassphraseChars: z.number().int(),
});

const passphrase = z.string().min(1).max(1024);

export const methods = {
  'vault.status': { params: z.object({}), result: vaultStatusSchema },
  /** First run: chooses the passphrase and encrypts any data written before. */
  'vault.create': { params: z.object({ passphrase }), result: vaultStatusSchema },
  'vault.unlock': { params: z.object({ passphrase }), result: vaultStatusSchema },
  /** Re-encrypts the whole database under the new passphrase; nothing is lost if it is cut short. */
  'vault.changePassphrase': { params: z.object({ current: passphrase, next: passphrase }), result: vaultStatusSchema },
  'app.info': { params: z.object({}), result: appInfoSchema },
  'model.status': { params: z.object({}), result: modelStatusSchema },
  'conversations.list': { params: z.object({}), result: z.array(conversationSummarySchema) },
  'conversations.search': {
    params: z.object({ query: z.string().trim().min(1).max(200) }),
    result: z.array(searchHitSchema),
  },
  'conversations.get': {
    params: z.object({ id }),
    result: z.object({ conversation: conversationSchema, messages: z.array(messageSchema) }),
  },
  /** Starts a reply; its tokens arrive as chat.token events and it ends with chat.done. */
  'chat.send': {
    params: z.object({ conversationId: id.nullable(), text: messageText }),
    result: z.object({ conversation: conversationSchema, userMessage: messageSchema, assistantMessage: messageSchema }),
  },
  'chat.stop': { params: z.object({ messageId: id }), result: z.object({ stopped: z.boolean() }) },
  /** Writes the given assistant reply again, in place, from the same history. */
  'chat.regenerate': { params: z.object({ messageId: id }), result: z.object({ assistantMessage: messageSchema }) },
  'memory.list': { params: z.object({}), result: z.array(memoryFactSchema) },
  'memory.add': {
    params: z.object({ text: factText, sourceMessageId: id.nullable().default(null), pinned: z.boolean().default(false) }),
    result: memoryFactSchema,
  },
  'memory.update': { params: z.object({ id, text: factText.optional(), pinned: z.boolean().optional() }), result: memoryFactSchema },
  'memory.delete': { params: z.object({ id }), result: z.object({ deleted: z.boolean() }) },
  /** Asks the local model which facts about the user this conversation holds; stores nothing. */
  'memory.propose': { params: z.object({ conversationId: id }), result: z.object({ proposals: z.array(factProposalSchema) }) },
  'models.list': { params: z.object({}), result: z.array(installedModelSchema) },
  'models.catalog': { params: z.object({}), result: modelCatalogSchema },
  /** Starts (or resumes) a download and returns at once; models.downloadProgress, then models.changed or models.downloadFailed follow. */
  'models.download': { params: z.object({ id }), result: z.object({ id }) },
  'models.cancelDownload': { params: z.object({ id }), result: z.object({ cancelled: z.boolean() }) },
  /** Copies a local .gguf file (a path typed by the user in browser mode) into the models folder after the worker has read it. */
  'models.import': { params: z.object({ path: z.string().trim().min(1).max(4096) }), result: installedModelSchema },
  /** Deletes an installed model; the active one is refused (MODEL_IN_USE). */
  'models.delete': { params: z.object({ id: z.string().min(1).max(255) }), result: z.object({ deleted: z.boolean() }) },
  /** Loads another installed model for chat; model.status events follow, and the result is the final status. */
  'models.activate': { params: z.object({ id: z.string().min(1).max(255) }), result: modelStatusSchema },
} as const;

export const events = {
  'vault.status': vaultStatusSchema,
  'chat.token': z.object({ conversationId: id, messageId: id, text: z.string() }),
  /** A reply ended: complete, interrupted (stopped) or error. */
  'chat.done': z.object({ message: messageSchema }),
  'model.status': modelStatusSchema,
  'conversations.changed': z.object({ conversationId: id }),
  /** Facts were added, edited or deleted: list them again. */
  'memory.changed': z.object({}),
  'models.downloadProgress': downloadProgressSchema,
  /** A download ended without a model: an error, or DOWNLOAD_CANCELLED when the user cancelled it. */
  'models.downloadFailed': z.object({ id: z.string(), error: errorPayloadSchema }),
  /** The installed models or the active one changed: list them again. */
  'models.changed': z.object({}),
} as const;

export type MethodName = keyof typeof methods;
export type EventName = keyof typeof events;
export type MethodParams<M extends MethodName> = z.input<(typeof methods)[M]['params']>;
export type MethodResult<M extends MethodName> = z.output<(typeof methods)[M]['result']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export type Message = z.output<typeof messageSchema>;
export type VaultStatus = z.output<typeof vaultStatusSchema>;
export type MemoryFact = z.output<typeof memoryFactSchema>;
export type ReplyContext = z.output<typeof replyContextSchema>;
export type PassageLocation = z.output<typeof passageLocationSchema>;
export type FactProposal = z.output<typeof factProposalSchema>;
export type Conversation = z.output<typeof conversationSchema>;
export type ConversationSummary = z.output<typeof conversationSummarySchema>;
export type SearchHit = z.output<typeof searchHitSchema>;
export type ModelStatus = z.output<typeof modelStatusSchema>;
export type ReplyStats = z.output<typeof replyStatsSchema>;
export type AppInfo = z.output<typeof appInfoSchema>;
export type InstalledModelView = z.output<typeof installedModelSchema>;
export type CatalogModelView = z.output<typeof catalogModelSchema>;
export type ModelCatalogView = z.output<typeof modelCatalogSchema>;
export type DownloadProgressEvent = z.output<typeof downloadProgressSchema>;
