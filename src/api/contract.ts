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

export const messageSchema = z.object({
  id,
  conversationId: id,
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  status: z.enum(['complete', 'streaming', 'interrupted', 'error']),
  model: z.string().nullable(),
  stats: replyStatsSchema.nullable(),
  error: errorPayloadSchema.nullable(),
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
  error: errorPayloadSchema.nullable(),
});

export const appInfoSchema = z.object({
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  dataDir: z.string(),
});

const messageText = z
  .string()
  .refine((text) => text.trim().length > 0, { message: 'MESSAGE_EMPTY' })
  .refine((text) => text.length <= MAX_MESSAGE_CHARS, { message: 'MESSAGE_TOO_LONG' });

export const methods = {
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
} as const;

export const events = {
  'chat.token': z.object({ conversationId: id, messageId: id, text: z.string() }),
  /** A reply ended: complete, interrupted (stopped) or error. */
  'chat.done': z.object({ message: messageSchema }),
  'model.status': modelStatusSchema,
  'conversations.changed': z.object({ conversationId: id }),
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
export type ReplyStats = z.output<typeof replyStatsSchema>;
export type AppInfo = z.output<typeof appInfoSchema>;
