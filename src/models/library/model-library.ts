/**
 * The models installed in the models folder: list them (with what the
 * catalogue or the worker's inspection says about each), download one
 * from the catalogue or from Hugging Face, import a local GGUF, remove
 * one. Only finished `.gguf` files are listed; downloads in progress live
 * in `.partial` files beside them and never show up here.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { HearthError } from '../../api/errors.ts';
import type { Catalog } from '../catalog/catalog-schema.ts';
import { findCatalogEntry } from '../catalog/load-catalog.ts';
import { downloadModel, type DownloadOptions, type DownloadProgress } from '../download/download-model.ts';
import { partialPaths, removePartial } from '../download/partial-file.ts';
import { readLibraryIndex, updateLibraryIndex, type InspectedModel } from './library-index.ts';

export interface InstalledModel {
  /** The catalogue id when it came from the catalogue, else the file name. */
  id: string;
  file: string;
  path: string;
  sizeBytes: number;
  name: string;
  quantization: string | null;
  contextLength: number | null;
  licence: string | null;
  origin: 'catalogue' | 'import' | 'hub' | 'unknown';
  /** Checked against a published sha256. */
  verified: boolean;
}

export interface ModelLibraryOptions {
  dir: string;
  catalog: Catalog;
  /** Reads a GGUF file's header in the inference worker (Engine.inspect). */
  inspect: (modelPath: string) => Promise<InspectedModel>;
  downloadOptions?: DownloadOptions;
}

export class ModelLibrary {
  readonly #options: ModelLibraryOptions;

  constructor(options: ModelLibraryOptions) {
    this.#options = options;
  }

  get dir(): string {
    return this.#options.dir;
  }

  async list(): Promise<InstalledModel[]> {
    const { dir, catalog } = this.#options;
    const names = await fs.readdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    const index = await readLibraryIndex(dir);
    const models: InstalledModel[] = [];
    for (const file of names.filter((name) => name.endsWith('.gguf')).sort()) {
      const stat = await fs.stat(path.join(dir, file)).catch(() => null);
      if (!stat?.isFile()) continue;
      const known = index[file];
      // A Hugging Face download is its own file even where a catalogue entry has the same name.
      const entry = known?.origin === 'hub'
        ? undefined
        : catalog.models.find((model) => model.id === known?.catalogId) ?? catalog.models.find((model) => model.file === file);
      const inspected = known?.inspected;
      models.push({
        id: entry?.id ?? file,
        file,
        path: path.join(dir, file),
        sizeBytes: stat.size,
        name: entry?.name ?? inspected?.name ?? path.basename(file, '.gguf'),
        quantization: entry?.quantization ?? inspected?.quantization ?? null,
        contextLength: entry?.contextLength ?? inspected?.contextLength ?? null,
        licence: entry?.licence ?? inspected?.licence ?? null,
        origin: known?.origin ?? 'unknown',
        verified: known?.verified ?? false,
      });
    }
    return models;
  }

  /** Downloads a catalogue model (resuming an earlier partial); an installed one is returned as it is. */
  async pull(id: string, options: { signal?: AbortSignal; onProgress?: (progress: DownloadProgress) => void } = {}): Promise<InstalledModel> {
    const entry = findCatalogEntry(this.#options.catalog, id);
    const existing = (await this.list()).find((model) => model.file === entry.file);
    if (existing) return existing;
    const downloaded = await downloadModel(
      {
        url: entry.url, dir: this.dir, file: entry.file,
        ...(entry.sizeBytes === undefined ? {} : { sizeBytes: entry.sizeBytes }),
        ...(entry.sha256 === undefined ? {} : { sha256: entry.sha256 }),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      },
      this.#options.downloadOptions,
    );
    await updateLibraryIndex(this.dir, entry.file, {
      origin: 'catalogue', catalogId: entry.id, sha256: downloaded.sha256, verified: downloaded.verified,
    });
    return this.#installed(entry.file);
  }

  /**
   * Downloads one file of a Hugging Face repository (resuming an earlier partial), verified against the sha256 the
   * hub published when it gave one; the worker then reads its header, and a file it cannot read is deleted.
   */
  async pullFromHub(
    source: { repo: string; path: string; url: string; file: string; sizeBytes: number; sha256: string | null },
    options: { signal?: AbortSignal; onProgress?: (progress: DownloadProgress) => void } = {},
  ): Promise<InstalledModel> {
    const downloaded = await downloadModel(
      {
        url: source.url, dir: this.dir, file: source.file, sizeBytes: source.sizeBytes,
        ...(source.sha256 === null ? {} : { sha256: source.sha256 }),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      },
      this.#options.downloadOptions,
    );
    let inspected: InspectedModel;
    try {
      inspected = await this.#options.inspect(downloaded.path);
    } catch (error) {
      await fs.rm(downloaded.path, { force: true });
      throw error;
    }
    const { name, architecture, quantization, contextLength, licence } = inspected;
    await updateLibraryIndex(this.dir, source.file, {
      origin: 'hub', hub: { repo: source.repo, path: source.path }, sha256: downloaded.sha256, verified: downloaded.verified,
      inspected: { name, architecture, quantization, contextLength, licence },
    });
    return this.#installed(source.file);
  }

  /** Copies a local GGUF into the models folder once the worker has read it without failing. */
  async import(sourcePath: string): Promise<InstalledModel> {
    const file = path.basename(sourcePath);
    if (!file.endsWith('.gguf')) throw new HearthError('MODEL_NOT_GGUF', { details: `${sourcePath} does not end in .gguf` });
    const inspected = await this.#options.inspect(sourcePath);
    await fs.mkdir(this.dir, { recursive: true });
    const target = path.join(this.dir, file);
    if (await fs.stat(target).then(() => true, () => false)) {
      throw new HearthError('MODEL_ALREADY_INSTALLED', { details: `${file} is already in ${this.dir}` });
    }
    // Copied under a temporary name and renamed, so a half-copied model is never listed.
    const temporary = `${target}.import-${process.pid}.partial`;
    try {
      await fs.copyFile(sourcePath, temporary);
      await fs.rename(temporary, target);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') throw new HearthError('DOWNLOAD_DISK_FULL', { details: (error as Error).message });
      throw error;
    }
    const { name, architecture, quantization, contextLength, licence } = inspected;
    await updateLibraryIndex(this.dir, file, { origin: 'import', verified: false, inspected: { name, architecture, quantization, contextLength, licence } });
    return this.#installed(file);
  }

  /** Deletes an installed model's file (by catalogue id or file name), and any unfinished download of it. */
  async remove(id: string): Promise<InstalledModel> {
    const model = (await this.list()).find((candidate) => candidate.id === id || candidate.file === id);
    if (!model) throw new HearthError('MODEL_NOT_INSTALLED', { details: `"${id}" is not in ${this.dir}` });
    await fs.rm(model.path, { force: true });
    await removePartial(partialPaths(model.path));
    await updateLibraryIndex(this.dir, model.file, undefined);
    return model;
  }

  async #installed(file: string): Promise<InstalledModel> {
    const model = (await this.list()).find((candidate) => candidate.file === file);
    if (!model) throw new HearthError('MODEL_NOT_INSTALLED', { details: `${file} vanished from ${this.dir} right after it was installed` });
    return model;
  }
}
