/**
 * The one contract between the UI and the core: every call and event, as
 * zod schemas. The core validates every request with these; the renderer
 * imports only the inferred types.
 */
import { z } from 'zod';
import { chatSettingsEvents, chatSettingsMethods } from './chat-settings.ts';
import { errorPayloadSchema } from './error-payload.ts';
import { localApiEvents, localApiMethods } from './local-api.ts';
import { marketEvents, marketMethods, replyTargetSchema } from './market.ts';
import { modelHubMethods } from './model-hub.ts';
import { privateContextEvents, privateContextMethods, replyContextSchema } from './private-context.ts';
import { remoteReplySchema } from './remote-reply.ts';
import { remoteSettingsMethods } from './remote-settings.ts';
import { routeSchema, routingEvents, routingMethods } from './routing.ts';
import { toolCallRecordSchema, toolsEvents, toolsMethods } from './tools.ts';

/** Longest message a person can send, in characters (about 8k tokens). */
export const MAX_MESSAGE_CHARS = 32_000;

/**
 * Largest call a transport carries, in bytes of its JSON (256 KiB): a
 * maximal message even at 6 bytes a character (JSON's \u escapes), with
 * room to spare. Written out, not computed, so that its type is the value
 * itself and the renderer (which takes only types) is checked against it.
 */
export const MAX_CALL_BYTES = 262_144;

const id = z.string().min(1).max(64);

export { errorPayloadSchema };
export * from './chat-settings.ts';
export * from './local-api.ts';
export * from './market.ts';
export * from './private-context.ts';
export * from './remote-reply.ts';
export * from './remote-settings.ts';
export * from './routing.ts';
export * from './tools.ts';

export const replyStatsSchema = z.object({
  tokens: z.number().int().nonnegative(),
  tokensPerSecond: z.number().nonnegative(),
  ttftMs: z.number().nonnegative(),
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
  /** Assistant replies a Morpheus provider wrote: where they ran and what they cost; null for a local reply. */
  remote: remoteReplySchema.nullable().optional(),
  /** Assistant replies: where the routing policy sent the question, and why; absent for replies written before routing. */
  route: routeSchema.nullable().optional(),
  createdAt: z.number(),
  /** The message this one follows; null for a conversation's first. */
  parentId: id.nullable().optional(),
  /** Where a message has other versions (an edited message, kept with its replies): which one this is, and its neighbours. */
  branch: z
    .object({ index: z.number().int().nonnegative(), count: z.number().int().positive(), previousId: id.nullable(), nextId: id.nullable() })
    .nullable()
    .optional(),
  /** Assistant replies: the tool calls the model made while writing it, in order; absent when it made none. */
  toolCalls: z.array(toolCallRecordSchema).optional(),
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

/** The model that embeds memories and documents for search by meaning. */
export const embedderStatusSchema = z.object({
  state: z.enum(['none', 'loading', 'ready', 'error']),
  path: z.string().nullable(),
  name: z.string().nullable(),
  /** Stored with every vector, so that vectors of two models are never compared. */
  model: z.string().nullable(),
  dimensions: z.number().int().nullable(),
  contextSize: z.number().int().nullable(),
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
  /** "bundled" is the demo model that ships with Hearth; it cannot be deleted. "hub": found by a search of Hugging Face. */
  origin: z.enum(['catalogue', 'hub', 'import', 'unknown', 'bundled']),
  /** Its sha256 was checked against a published one. */
  verified: z.boolean(),
  /** The model chat uses now. */
  active: z.boolean(),
  /** The model that embeds memories and documents now. */
  embedding: z.boolean(),
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
  /** Bytes an interrupted download left on disk (also after a restart): downloading again continues from there. */
  partialBytes: z.number().nonnegative().nullable(),
});

export const hardwareSummarySchema = z.object({
  /** The GPU backend in use ("cuda", "metal", "vulkan"), or null for CPU only. */
  gpu: z.string().nullable(),
  /** False when the user turned the GPU off on the Models page: `gpu` is then null and models run on the CPU. */
  gpuEnabled: z.boolean(),
  vramTotalBytes: z.number(),
  vramFreeBytes: z.number(),
  ramTotalBytes: z.number(),
  ramFreeBytes: z.number(),
  /** CPU cores the models may use: with few, larger models are slow on the CPU. */
  cpuCores: z.number().int().positive(),
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

export const methods = {
  ...chatSettingsMethods,
  ...privateContextMethods,
  ...remoteSettingsMethods,
  ...marketMethods,
  ...localApiMethods,
  ...routingMethods,
  ...modelHubMethods,
  ...toolsMethods,
  'app.info': { params: z.object({}), result: appInfoSchema },
  /** Versions, system, GPU, the models' state and the log's last problems, for a bug report; no user text. */
  'app.diagnostics': { params: z.object({}), result: z.object({ text: z.string() }) },
  'model.status': { params: z.object({}), result: modelStatusSchema },
  'conversations.list': { params: z.object({}), result: z.array(conversationSummarySchema) },
  'conversations.search': {
    params: z.object({ query: z.string().trim().min(1).max(200) }),
    result: z.array(searchHitSchema),
  },
  /** The conversation as shown: the path to its current branch; `showMessageId` first switches to the branch that message is on. */
  'conversations.get': {
    params: z.object({ id, showMessageId: id.optional() }),
    result: z.object({ conversation: conversationSchema, messages: z.array(messageSchema) }),
  },
  /**
   * Starts a reply (on this computer unless `target` names a provider, or `{ kind: 'auto' }` lets the routing policy
   * decide, as chat.route shows); its tokens arrive as chat.token events and it ends with chat.done.
   */
  'chat.send': {
    params: z.object({ conversationId: id.nullable(), text: messageText, target: replyTargetSchema.optional() }),
    result: z.object({ conversation: conversationSchema, userMessage: messageSchema, assistantMessage: messageSchema }),
  },
  'chat.stop': { params: z.object({ messageId: id }), result: z.object({ stopped: z.boolean() }) },
  /**
   * Writes the given assistant reply again, as a new version beside it (the old one kept, ‹ 1/2 ›), from the same history: on this computer, or with `on:
   * 'provider'` by the best ranked provider (this computer taking over if it fails). Written again elsewhere than
   * its route sent it, it teaches the routing policy the person's taste.
   */
  'chat.regenerate': {
    params: z.object({ messageId: id, on: z.enum(['local', 'provider']).optional() }),
    result: z.object({ assistantMessage: messageSchema }),
  },
  /**
   * Sends an edited version of an earlier message of the person's: a new branch from there, its reply written like
   * chat.send's; the message it replaces, and everything after it, are kept as another branch.
   */
  'chat.edit': {
    params: z.object({ messageId: id, text: messageText, target: replyTargetSchema.optional() }),
    result: z.object({ userMessage: messageSchema, assistantMessage: messageSchema }),
  },
  /** Shows another version of a message (and the latest path after it); the result is the conversation as now shown. */
  'chat.switchBranch': { params: z.object({ messageId: id }), result: z.object({ messages: z.array(messageSchema) }) },
  /** Continues the latest reply, cut off by a failure or a stop, with the local model: its text is kept and the new text follows it, streamed like a regenerate. */
  'chat.continue': { params: z.object({ messageId: id }), result: z.object({ assistantMessage: messageSchema }) },
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
  /** Embeds memories and documents with this model from now on; what another model embedded is re-embedded in the background. */
  'models.useForEmbeddings': { params: z.object({ id: z.string().min(1).max(255) }), result: embedderStatusSchema },
  /** Turns the GPU on or off (remembered): the models are loaded again on the chosen hardware. */
  'models.useGpu': { params: z.object({ enabled: z.boolean() }), result: modelStatusSchema },
} as const;

export const events = {
  ...chatSettingsEvents,
  ...privateContextEvents,
  ...marketEvents,
  ...localApiEvents,
  ...routingEvents,
  ...toolsEvents,
  'chat.token': z.object({ conversationId: id, messageId: id, text: z.string() }),
  /** A reply ended: complete, interrupted (stopped) or error. */
  'chat.done': z.object({ message: messageSchema }),
  'model.status': modelStatusSchema,
  'conversations.changed': z.object({ conversationId: id }),
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
export type Conversation = z.output<typeof conversationSchema>;
export type ConversationSummary = z.output<typeof conversationSummarySchema>;
export type SearchHit = z.output<typeof searchHitSchema>;
export type ModelStatus = z.output<typeof modelStatusSchema>;
export type EmbedderStatusView = z.output<typeof embedderStatusSchema>;
export type ReplyStats = z.output<typeof replyStatsSchema>;
export type AppInfo = z.output<typeof appInfoSchema>;
export type InstalledModelView = z.output<typeof installedModelSchema>;
export type CatalogModelView = z.output<typeof catalogModelSchema>;
export type ModelCatalogView = z.output<typeof modelCatalogSchema>;
export type DownloadProgressEvent = z.output<typeof downloadProgressSchema>;
