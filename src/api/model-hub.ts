/**
 * The contract's part for Hugging Face on the Models page: search its GGUF
 * models, list a repository's files rated for this machine, and download
 * one. The core reads the file list from the hub itself before a download,
 * so the size and sha256 it checks never come from the page.
 */
import { z } from 'zod';

const repo = z
  .string()
  .trim()
  .min(3)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a repository is owner/name');

/** As modelFitSchema in contract.ts (which imports this file, so it cannot be imported from here). */
const hubFitSchema = z.object({
  level: z.enum(['gpu', 'partial-gpu', 'cpu', 'too-big']),
  speed: z.enum(['fast', 'usable', 'slow']).nullable(),
  reason: z.string(),
});

export const hubModelSchema = z.object({
  repo: z.string(),
  downloads: z.number().int().nonnegative(),
  likes: z.number().int().nonnegative(),
  updatedAt: z.string().nullable(),
});

export const hubFileSchema = z.object({
  /** The download's id (progress events, cancel) and, once installed, the model's id: the file name. */
  id: z.string(),
  /** The path inside the repository. */
  path: z.string(),
  sizeBytes: z.number().nonnegative(),
  /** The published sha256; null where the hub gives none, and the download is then unverified. */
  sha256: z.string().nullable(),
  /** Read from the file name (Q4_K_M, Q8_0…); null when the name does not say. */
  quantization: z.string().nullable(),
  fit: hubFitSchema,
  /** A file of this name is in the models folder already. */
  installed: z.boolean(),
});

export const modelHubMethods = {
  /** The most downloaded GGUF repositories on Hugging Face matching the words. */
  'models.hubSearch': {
    params: z.object({ query: z.string().trim().min(1).max(200) }),
    result: z.object({ models: z.array(hubModelSchema) }),
  },
  /** A repository's single-file GGUF models, smallest first, each rated for this machine. */
  'models.hubFiles': { params: z.object({ repo }), result: z.object({ files: z.array(hubFileSchema) }) },
  /**
   * Starts downloading one file of a repository, verified against the sha256 the hub publishes; returns at once
   * with its id, then models.downloadProgress and models.changed or models.downloadFailed follow, as for the catalogue.
   */
  'models.hubDownload': {
    params: z.object({ repo, path: z.string().min(1).max(1000) }),
    result: z.object({ id: z.string() }),
  },
} as const;

export type HubModelView = z.output<typeof hubModelSchema>;
export type HubFileView = z.output<typeof hubFileSchema>;
