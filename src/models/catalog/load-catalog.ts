import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HearthError } from '../../api/errors.ts';
import { catalogSchema, type Catalog, type CatalogEntry } from './catalog-schema.ts';

/** models/catalog.json of this checkout or packaged app: three folders up from src/models/catalog/. */
export const bundledCatalogPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../models/catalog.json');

/** Reads and validates the catalogue; a damaged file is an error, never a partial list. */
export async function loadCatalog(file = bundledCatalogPath): Promise<Catalog> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    throw new HearthError('CATALOG_INVALID', { details: `${file}: ${(error as Error).message}`, cause: error });
  }
  const result = catalogSchema.safeParse(parsed);
  if (!result.success) throw new HearthError('CATALOG_INVALID', { details: `${file}: ${result.error.message}` });
  return result.data;
}

export function findCatalogEntry(catalog: Catalog, id: string): CatalogEntry {
  const entry = catalog.models.find((model) => model.id === id);
  if (!entry) {
    throw new HearthError('CATALOG_MODEL_UNKNOWN', { details: `"${id}" is not in the catalogue; known ids: ${catalog.models.map((m) => m.id).join(', ')}` });
  }
  return entry;
}
