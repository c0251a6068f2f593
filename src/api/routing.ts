/**
 * The contract's part for where a question runs: the person's routing mode
 * and cost threshold, a conversation kept private, the decision for a
 * message before it is sent (with its one-line reason and, for a provider,
 * exactly the text that would leave, redacted), and the decision recorded
 * on each reply.
 */
import { z } from 'zod';

const id = z.string().min(1).max(64);
const wei = z.string().regex(/^\d{1,78}$/);

/** local-only: nothing leaves unless one message asks; automatic: Hearth decides per message; prefer-provider: out unless forbidden. */
export const routeModeSchema = z.enum(['local-only', 'automatic', 'prefer-provider']);

export const routingSettingsSchema = z.object({
  mode: routeModeSchema,
  /** MOR wei: a provider reply that could cost more waits for the person to confirm it; null never asks. */
  confirmAboveWei: wei.nullable(),
  /**
   * In automatic mode, before a message could go either way, this computer's model drafts the first tokens of its
   * reply, and how sure it was of them decides (a moment more per message; off until the person turns it on).
   */
  draftCheck: z.boolean(),
});

/** Where a reply was written and why, as decided when it was asked; shown under the reply. */
export const routeSchema = z.object({
  target: z.enum(['local', 'provider', 'none']),
  /** The policy's stable code for the cause (src/router/policy/route-types.ts). */
  code: z.string(),
  /** One line in plain words. */
  reason: z.string(),
});

export const redactionCountsSchema = z.record(z.string(), z.number().int().nonnegative());

/** What a provider reply would send: the exact request text, redacted, and how many values of each kind were replaced. */
export const disclosurePreviewSchema = z.object({ text: z.string(), redacted: redactionCountsSchema });

export const routePreviewSchema = z.object({
  route: routeSchema,
  /** The person confirms the cost before anything is sent. */
  confirm: z.boolean(),
  /** Kept here, but a provider could help: offered, never used silently. */
  offerProvider: z.boolean(),
  /** The most a provider reply could cost, MOR wei; null when no provider would write it or is offered. */
  worstCaseWei: wei.nullable(),
  /** For a provider reply: exactly what would leave this computer; null when the reply stays here. */
  disclosure: disclosurePreviewSchema.nullable(),
});

/** A message's own choice; null leaves it to the mode. */
export const routeOverrideSchema = z.enum(['local', 'provider']).nullable();

export type RouteMode = z.output<typeof routeModeSchema>;
export type RoutingSettings = z.output<typeof routingSettingsSchema>;
export type Route = z.output<typeof routeSchema>;
export type RoutePreview = z.output<typeof routePreviewSchema>;
export type DisclosurePreview = z.output<typeof disclosurePreviewSchema>;

export const routingMethods = {
  'routing.get': { params: z.object({}), result: routingSettingsSchema },
  /** Changes what is given; remembered, and applies from the next message. */
  'routing.set': { params: routingSettingsSchema.partial(), result: routingSettingsSchema },
  /** Whether the conversation is private: nothing of it ever leaves this computer, whatever the mode or a message asks. */
  'routing.conversation.get': { params: z.object({ conversationId: id }), result: z.object({ private: z.boolean() }) },
  'routing.conversation.set': { params: z.object({ conversationId: id, private: z.boolean() }), result: z.object({ private: z.boolean() }) },
  /**
   * Where this message would be answered, and why, before it is sent; for a provider, the exact text that would
   * leave. `chat.send` with the target `{ kind: 'auto' }` decides the same way when the message is sent.
   */
  'chat.route': {
    params: z.object({ conversationId: id.nullable(), text: z.string().min(1).max(32_000), override: routeOverrideSchema.default(null) }),
    result: routePreviewSchema,
  },
} as const;

export const routingEvents = {
  'routing.changed': routingSettingsSchema,
} as const;
