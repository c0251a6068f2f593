/**
 * The contract's part for tools of local MCP servers (issue 14): the
 * servers the person set up and what each offers (or why it could not
 * start), the tools allowed "always", the decision on a call waiting for
 * approval, and each call's record on the reply that made it.
 */
import { z } from 'zod';
import { errorPayloadSchema } from './error-payload.ts';

const id = z.string().min(1).max(64);

/** What the model may know a tool by and what it does. */
export const toolSummarySchema = z.object({ name: z.string(), description: z.string() });

export const toolServerViewSchema = z.object({
  id,
  name: z.string(),
  command: z.string(),
  args: z.array(z.string()),
  env: z.record(z.string(), z.string()).optional(),
  enabled: z.boolean(),
  /** ready: its tools listed; failed: why it could not start or list them; disabled: not started. */
  state: z.enum(['ready', 'failed', 'disabled']),
  tools: z.array(toolSummarySchema),
  error: errorPayloadSchema.nullable(),
});

export const toolGrantViewSchema = z.object({ server: id, serverName: z.string(), tool: z.string() });

export const toolDecisionSchema = z.enum(['once', 'always', 'refuse']);

/** One tool call of a reply, kept on its message. */
export const toolCallRecordSchema = z.object({
  id,
  /** The configured server's id, and its name as shown. */
  serverId: z.string(),
  server: z.string(),
  tool: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  status: z.enum(['waiting', 'refused', 'running', 'done', 'failed']),
  /** While waiting: the id tools.decide answers. */
  approvalId: id.optional(),
  /** How it was allowed: once, always (just now), standing (an earlier "always"), or refused. */
  approval: z.enum(['once', 'always', 'standing', 'refused']).optional(),
  /** What the model read back: the tool's text, or the sentence saying why it did not run. */
  result: z.string().optional(),
  /** The result was cut at Hearth's size limit. */
  truncated: z.boolean().optional(),
  error: errorPayloadSchema.optional(),
  /** How long the tool ran, in milliseconds. */
  durationMs: z.number().nonnegative().optional(),
});

const newServerSchema = z.object({
  name: z.string().max(64),
  command: z.string().max(4096),
  args: z.array(z.string().max(4096)).max(256),
  env: z.record(z.string().max(256), z.string().max(4096)).optional(),
});

export const toolsMethods = {
  /** Every server set up, with its tools (enabled servers are started to list them) or why it could not start. */
  'tools.servers.list': { params: z.object({}), result: z.array(toolServerViewSchema) },
  'tools.servers.add': { params: newServerSchema, result: toolServerViewSchema },
  /** Removes a server; its tools' "always" grants go with it. */
  'tools.servers.remove': { params: z.object({ id }), result: z.object({ removed: z.boolean() }) },
  'tools.servers.setEnabled': { params: z.object({ id, enabled: z.boolean() }), result: toolServerViewSchema },
  /** The tools the person allowed "always". */
  'tools.grants.list': { params: z.object({}), result: z.array(toolGrantViewSchema) },
  'tools.grants.revoke': { params: z.object({ server: id, tool: z.string().min(1).max(256) }), result: z.array(toolGrantViewSchema) },
  /** The person's decision on a call waiting for approval (tools.approval). */
  'tools.decide': { params: z.object({ approvalId: id, decision: toolDecisionSchema }), result: z.object({ decided: z.boolean() }) },
} as const;

export const toolsEvents = {
  /** A tool call waits for the person's decision. */
  'tools.approval': z.object({
    approvalId: id,
    messageId: id,
    conversationId: id,
    server: z.string(),
    tool: z.string(),
    arguments: z.record(z.string(), z.unknown()),
  }),
  /** The servers or the "always" grants changed: list them again. */
  'tools.changed': z.object({}),
  /** A call's record on a reply changed (asked, running, done...), for live display. */
  'chat.toolCall': z.object({ messageId: id, conversationId: id, call: toolCallRecordSchema }),
} as const;

export type ToolSummary = z.output<typeof toolSummarySchema>;
export type ToolServerView = z.output<typeof toolServerViewSchema>;
export type ToolGrantView = z.output<typeof toolGrantViewSchema>;
export type ToolDecision = z.output<typeof toolDecisionSchema>;
export type ToolCallView = z.output<typeof toolCallRecordSchema>;
