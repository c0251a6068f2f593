import { z } from 'zod';

/** An error as it crosses to the UI: a stable code, a sentence, what to do, and the low-level cause. */
export const errorPayloadSchema = z.object({
  code: z.string(),
  message: z.string(),
  action: z.string(),
  details: z.string().optional(),
});
