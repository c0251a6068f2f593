/**
 * The two Hugging Face Hub API answers Hearth reads, as zod schemas: only
 * the fields it uses are checked, and other fields are let through, as the
 * API adds fields over time. Shapes as documented by the Hub's own client
 * (huggingface.js, packages/hub/src/types/api/api-model.ts and
 * api-index-tree.ts): GET /api/models?search=…&filter=gguf gives an array
 * of `{ _id, id, modelId, downloads, likes, tags, createdAt, private, … }`;
 * GET /api/models/{repo}/tree/main gives an array of
 * `{ type, oid, size, path, lfs?: { oid, size, pointerSize } }`, where
 * `lfs.oid` is the file's sha256.
 */
import { z } from 'zod';

/** `owner/name`: what a repository id may hold, so that it can go into a URL path as it is. */
export const hubRepoIdSchema = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a repository id is owner/name')
  .refine((id) => !id.includes('..'), 'a repository id has no ".."');

const count = z.number().int().nonnegative();

export const hubSearchAnswerSchema = z
  .array(
    z.object({
      id: hubRepoIdSchema,
      downloads: count,
      likes: count.optional(),
      lastModified: z.string().max(64).optional(),
      private: z.boolean().optional(),
    }),
  )
  .max(1000);

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const hubTreeAnswerSchema = z
  .array(
    z.object({
      type: z.string(),
      path: z.string().min(1).max(1000),
      size: count,
      oid: z.string().max(200),
      lfs: z.object({ oid: sha256Hex, size: count, pointerSize: count }).optional(),
    }),
  )
  .max(100_000);

export type HubSearchAnswer = z.output<typeof hubSearchAnswerSchema>;
export type HubTreeAnswer = z.output<typeof hubTreeAnswerSchema>;
