/**
 * The shape of models/catalog.json: the curated models Hearth offers to
 * download. Hashes and sizes are optional on purpose: an entry carries
 * only what a source confirms (named in `source`), and the app shows an
 * entry without a sha256 as "unverified".
 */
import { z } from 'zod';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 is 64 lowercase hex digits');

export const catalogEntrySchema = z
  .object({
    /** Stable id used by `npm run models -- pull ID` and the UI. */
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
    name: z.string().min(1),
    kind: z.enum(['chat', 'embedding']),
    /** The file name the download is saved under in the models folder. */
    file: z.string().regex(/^[A-Za-z0-9._-]+\.gguf$/, 'a plain .gguf file name, no folders'),
    /** The bundled catalogue uses Hugging Face resolve/main URLs (its test checks); a mirror's catalogue may use others. */
    url: z.url({ protocol: /^https?$/ }),
    sizeBytes: z.int().positive().optional(),
    sha256: sha256Hex.optional(),
    /** Where the size and the hash were read, so a reviewer can check them. */
    source: z.strictObject({ sha256: z.string().min(1).optional(), sizeBytes: z.string().min(1).optional() }),
    licence: z.string().min(1),
    parametersBillions: z.number().positive(),
    contextLength: z.int().positive(),
    /** The year the model was published: the recommendation prefers a current family to an older one that fits. */
    released: z.int().min(2020).max(2100).optional(),
    /** The prompt format family ("harmony" is gpt-oss's); "none" for embedding models. */
    chatTemplate: z.enum(['chatml', 'llama3', 'phi3', 'mistral', 'gemma', 'harmony', 'none']),
    /** MXFP4 is gpt-oss's own 4-bit format, published as is. */
    quantization: z.string().regex(/^(Q[2-8]_[0-9A-Z_]+|MXFP4|F16|BF16|F32)$/),
    /** Hearth's estimate of the memory to run it with a 4k context: file + KV cache + runtime. */
    minRamGiB: z.number().positive(),
    minVramGiB: z.number().positive(),
  })
  .strict()
  .refine((entry) => entry.sha256 === undefined || entry.source.sha256 !== undefined, {
    message: 'a sha256 needs its source', path: ['source', 'sha256'],
  })
  .refine((entry) => entry.sizeBytes === undefined || entry.source.sizeBytes !== undefined, {
    message: 'a size needs its source', path: ['source', 'sizeBytes'],
  })
  .refine((entry) => entry.url.endsWith(`/${entry.file}`), { message: 'the URL must end with the file name', path: ['url'] });

export const catalogSchema = z
  .strictObject({ version: z.literal(1), models: z.array(catalogEntrySchema).min(1) })
  .refine((catalog) => new Set(catalog.models.map((m) => m.id)).size === catalog.models.length, { message: 'model ids must be unique' })
  .refine((catalog) => new Set(catalog.models.map((m) => m.file)).size === catalog.models.length, { message: 'file names must be unique' });

export type CatalogEntry = z.infer<typeof catalogEntrySchema>;
export type Catalog = z.infer<typeof catalogSchema>;
