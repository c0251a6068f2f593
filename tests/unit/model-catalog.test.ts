import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogSchema } from '../../src/models/catalog/catalog-schema.ts';
import { bundledCatalogPath, findCatalogEntry, loadCatalog } from '../../src/models/catalog/load-catalog.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const raw = () => JSON.parse(fs.readFileSync(bundledCatalogPath, 'utf8')) as { version: 1; models: Record<string, unknown>[] };

describe('the model catalogue', () => {
  it('is valid and offers chat models from about 0.5B to 14B plus an embedding model', async () => {
    const catalog = await loadCatalog();
    const chat = catalog.models.filter((m) => m.kind === 'chat');
    const sizes = chat.map((m) => m.parametersBillions);
    expect(Math.min(...sizes)).toBeLessThanOrEqual(0.6);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(13);
    expect(new Set(chat.map((m) => m.quantization)).size).toBeGreaterThanOrEqual(2);
    expect(catalog.models.some((m) => m.kind === 'embedding')).toBe(true);
    for (const model of catalog.models) expect(model.url).toMatch(/^https:\/\/huggingface\.co\/[^/]+\/[^/]+\/resolve\/main\/[^/]+\.gguf$/);
  });

  it('names the source of every hash and size it records', async () => {
    const catalog = await loadCatalog();
    for (const model of catalog.models) {
      if (model.sha256) expect(model.source.sha256, model.id).toMatch(/\S/);
      if (model.sizeBytes) expect(model.source.sizeBytes, model.id).toMatch(/\S/);
    }
    expect(catalog.models.filter((m) => m.sha256).length).toBeGreaterThan(catalog.models.length / 2);
    // The exact size lets the Models page say what a download costs, and the downloader refuse a server that disagrees;
    // where no source gives it, the published sha256 still checks the download.
    expect(catalog.models.filter((m) => m.sizeBytes === undefined && m.sha256 === undefined).map((m) => m.id)).toEqual([]);
    expect(catalog.models.filter((m) => m.sizeBytes !== undefined).length).toBeGreaterThan(catalog.models.length * 0.8);
  });

  it('offers the current open families beside the older ones, each dated', async () => {
    const catalog = await loadCatalog();
    const ids = catalog.models.map((m) => m.id);
    for (const family of ['qwen3-', 'gemma-3-', 'gpt-oss-20b', 'embeddinggemma-']) expect(ids.some((id) => id.startsWith(family)), family).toBe(true);
    for (const model of catalog.models) expect(model.released, model.id).toBeGreaterThanOrEqual(2024);
    expect(catalog.models.filter((m) => m.kind === 'embedding' && m.released! >= 2025).length).toBeGreaterThanOrEqual(1);
    expect(findCatalogEntry(catalog, 'gpt-oss-20b-mxfp4')).toMatchObject({ chatTemplate: 'harmony', quantization: 'MXFP4', licence: 'Apache-2.0' });
  });

  it('records only sizes that suit the parameter count and quantization, and asks for enough memory to hold the file', async () => {
    // Bits per parameter of whole files (embeddings and metadata included): a typo in a size falls outside.
    // MXFP4 packs 32 weights in 17 bytes (4.25 bits); gpt-oss keeps its attention and embeddings wider.
    const bitsPerParameter: Record<string, [number, number]> = { Q4_K_M: [4.5, 7], MXFP4: [4.25, 5.5], Q8_0: [8, 9.5], F16: [15.5, 17] };
    const catalog = await loadCatalog();
    for (const model of catalog.models.filter((m) => m.sizeBytes !== undefined)) {
      const bits = (model.sizeBytes! * 8) / (model.parametersBillions * 1e9);
      const [low, high] = bitsPerParameter[model.quantization]!;
      expect(bits, model.id).toBeGreaterThanOrEqual(low);
      expect(bits, model.id).toBeLessThanOrEqual(high);
      expect(model.minVramGiB * 2 ** 30, model.id).toBeGreaterThan(model.sizeBytes!);
      expect(model.minRamGiB * 2 ** 30, model.id).toBeGreaterThan(model.sizeBytes!);
    }
  });

  it('refuses a hash without a source, a malformed hash, a non-download URL and duplicate ids', () => {
    const entry = raw().models[0]!;
    const reject = (change: Record<string, unknown>, models?: Record<string, unknown>[]) =>
      expect(catalogSchema.safeParse({ version: 1, models: models ?? [{ ...entry, ...change }] }).success).toBe(false);
    reject({ source: {} });
    reject({ sha256: 'ABC' });
    reject({ url: 'ftp://huggingface.co/x/y/resolve/main/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf' });
    reject({ url: String(entry.url).replace('Q4_K_M.gguf', 'Q8_0.gguf') });
    reject({ file: '../escape.gguf' });
    reject({ quantization: 'MXFP3' });
    reject({ released: 1999 });
    reject({}, [entry, entry]);
    expect(catalogSchema.safeParse({ version: 1, models: [entry] }).success).toBe(true);
  });

  it('reports a damaged catalogue file and an unknown id with clear errors', async () => {
    const file = path.join(tempDir(), 'catalog.json');
    fs.writeFileSync(file, '{"version": 1, "models": [');
    await expect(loadCatalog(file)).rejects.toMatchObject({ code: 'CATALOG_INVALID' });
    const catalog = await loadCatalog();
    expect(() => findCatalogEntry(catalog, 'no-such-model')).toThrow(expect.objectContaining({ code: 'CATALOG_MODEL_UNKNOWN' }));
    expect(findCatalogEntry(catalog, 'qwen2.5-0.5b-instruct-q4_k_m').file).toBe('Qwen2.5-0.5B-Instruct-Q4_K_M.gguf');
  });
});
