/**
 * The contract's part for where a reply ran when a Morpheus provider wrote
 * it: who, on which bid and session, what it cost, how fast it came, and
 * what left the device. MOR amounts are wei as decimal strings: JSON has
 * no integers that large.
 */
import { z } from 'zod';

const hex = (bytes: number) => z.string().regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`));
const wei = z.string().regex(/^\d{1,78}$/);

const remotePartSchema = z.object({
  provider: z.object({ address: hex(20), endpoint: z.string() }),
  model: z.object({ id: hex(32), name: z.string() }),
  bid: z.object({ id: hex(32), pricePerSecondWei: wei }),
  sessionId: hex(32),
  /** Transactions mined for this reply (the MOR approval, the session's opening); empty when it used a session already open. */
  transactions: z.array(hex(32)),
  /** MOR (wei) this reply cost: the bid's price for each second, begun, from sending the prompt to its end; 0 when no text came. */
  costWei: wei,
  seconds: z.number().int().nonnegative(),
  /** As the provider counted them; 0 when the reply was cut before the provider's final chunk. */
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  /** From sending the prompt to its first text, as this device saw it. */
  ttftMs: z.number().nonnegative(),
  tokensPerSecond: z.number().nonnegative(),
  /**
   * The exact request text that left the device: its size and sha256 (hex), the text itself (redacted: absent for
   * replies written before redaction) and how many values of each kind it had replaced by placeholders.
   */
  sent: z.object({
    bytes: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    text: z.string().optional(),
    redacted: z.record(z.string(), z.number().int().nonnegative()).optional(),
  }),
});

/**
 * A part of the reply written after the one before it failed (failover): by
 * the next ranked provider (`remote`), or by the local model (`remote` null).
 */
export const replyPartSchema = z.object({
  /** The error code that ended the part before it (PROVIDER_UNREACHABLE, PROVIDER_SILENT, MORRPC_BAD_SIGNATURE…). */
  after: z.string(),
  /** Where this part's text begins in the message's text (UTF-16 code units). */
  startsAt: z.number().int().nonnegative(),
  /** The model that wrote it, as the chat shows it. */
  model: z.string().nullable(),
  remote: remotePartSchema.nullable(),
});

export const remoteReplySchema = remotePartSchema.extend({
  /** The parts that continued the reply after this provider failed, in order; absent when it wrote the whole reply. */
  continuedBy: z.array(replyPartSchema).optional(),
});

export type RemoteReplyPart = z.output<typeof remotePartSchema>;
export type ReplyPart = z.output<typeof replyPartSchema>;
export type RemoteReply = z.output<typeof remoteReplySchema>;
