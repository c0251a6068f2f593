/**
 * The Models page's side of the core: lists installed models and the
 * catalogue rated for this machine, runs downloads in the background
 * (one per model, progress and outcome as events), imports and deletes
 * files, and switches the model chat uses. Remembers the chosen model so
 * the next start loads it again.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EventName, EventPayload, InstalledModelView, ModelStatus } from '../../api/contract.ts';
import { HearthError, toErrorPayload, type ErrorPayload } from '../../api/errors.ts';
import { sameFile } from '../../common/same-file.ts';
import type { EmbedderStatus, Engine, ThreadMemory } from '../../engine/engine.ts';
import type { Catalog } from '../catalog/catalog-schema.ts';
import { findCatalogEntry, loadCatalog } from '../catalog/load-catalog.ts';
import { partialPaths } from '../download/partial-file.ts';
import type { DownloadOptions } from '../download/download-model.ts';
import { createHubClient, type HubClientOptions } from '../hub/hub-client.ts';
import { createHubModels } from '../hub/hub-models.ts';
import { ModelLibrary, type InstalledModel } from '../library/model-library.ts';
import { catalogView } from './catalog-view.ts';
import { createDownloadsInFlight } from './downloads-in-flight.ts';

export interface ModelsServiceOptions {
  /** The models folder (`<data dir>/models`). */
  dir: string;
  /** A catalogue file replacing the bundled one (HEARTH_CATALOG: a mirror, or a test's). */
  catalogPath?: string;
  engine: Pick<Engine, 'status' | 'load' | 'inspect' | 'detectHardware' | 'embedderStatus' | 'loadEmbedder' | 'gpuEnabled' | 'useGpu'>;
  settings: ThreadMemory;
  demoModelPath: string;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  downloadOptions?: DownloadOptions;
  /** The Hugging Face hub to search and download from (HEARTH_HUB_URL replaces its address). */
  hub?: HubClientOptions;
  /** A new embedding model is loaded: what the previous one embedded must be embedded again. */
  onEmbedderChanged?: (model: string) => void;
  /** What a failed download shows; the core logs the failure on the way (a bug with its stack). */
  reportFailure?: (error: unknown) => ErrorPayload;
}

const activeModelKey = 'models.activePath';
const embedderKey = 'models.embedderPath';


export function createModelsService(options: ModelsServiceOptions) {
  const { engine, emit, reportFailure = toErrorPayload } = options;
  let catalogLoad: Promise<Catalog> | undefined;
  // A damaged catalogue is reported on each call, and read again next time (it may have been fixed).
  const catalog = () => (catalogLoad ??= loadCatalog(options.catalogPath).catch((error: unknown) => {
    catalogLoad = undefined;
    throw error;
  }));
  const library = async () =>
    new ModelLibrary({
      dir: options.dir, catalog: await catalog(), inspect: (file) => engine.inspect(file),
      ...(options.downloadOptions ? { downloadOptions: options.downloadOptions } : {}),
    });

  const downloads = createDownloadsInFlight({
    progress: (id, progress) =>
      emit('models.downloadProgress', {
        id, bytes: progress.bytes, total: progress.totalBytes, rate: progress.bytesPerSecond, etaSeconds: progress.etaSeconds,
      }),
    finished: () => emit('models.changed', {}),
    failed: (id, error) => emit('models.downloadFailed', { id, error: reportFailure(error) }),
  });

  const embeds = (file: string) => engine.embedderStatus.state === 'ready' && sameFile(engine.embedderStatus.path, file);
  const view = (model: InstalledModel): InstalledModelView => ({
    id: model.id, file: model.file, path: model.path, name: model.name, sizeBytes: model.sizeBytes, quantization: model.quantization,
    contextLength: model.contextLength, licence: model.licence, origin: model.origin, verified: model.verified,
    active: sameFile(engine.status.path, model.path), embedding: embeds(model.path),
  });

  // The demo model ships with Hearth (its sha256 is in models/README.md); the worker reads its header once.
  let demoInspection: ReturnType<typeof engine.inspect> | undefined;
  const demoView = async (): Promise<InstalledModelView> => {
    const demo = options.demoModelPath;
    const inspected = await (demoInspection ??= engine.inspect(demo).catch((error: unknown) => {
      demoInspection = undefined;
      throw error;
    }));
    return {
      id: path.basename(demo), file: path.basename(demo), path: demo, name: 'Demo model (stories260K)', sizeBytes: inspected.sizeBytes,
      quantization: inspected.quantization, contextLength: inspected.contextLength, licence: 'MIT', origin: 'bundled', verified: true,
      active: sameFile(engine.status.path, demo), embedding: embeds(demo),
    };
  };

  function rememberedPath(key: string): string | undefined {
    const remembered = options.settings.get<string>(key);
    return remembered && fs.existsSync(remembered) ? remembered : undefined;
  }

  async function list(): Promise<InstalledModelView[]> {
    return [await demoView(), ...(await (await library()).list()).map(view)];
  }

  const hub = createHubModels({
    client: createHubClient(options.hub),
    library,
    machine: () => engine.detectHardware(),
    startDownload: (id, download) => downloads.start(id, download),
  });

  async function findInstalled(id: string): Promise<InstalledModelView> {
    const model = (await list()).find((candidate) => candidate.id === id || candidate.file === id);
    // The table's action names the command line; here the person is on the Models page.
    if (!model) throw new HearthError('MODEL_NOT_INSTALLED', { action: 'It may have been deleted; choose one from the list on the Models page.', details: `"${id}" is not in ${options.dir}` });
    return model;
  }

  return {
    list,

    /** The model to load at start: the one chosen last time, while its file exists. */
    rememberedModelPath: () => rememberedPath(activeModelKey),

    /** The embedding model chosen last time, while its file exists. */
    rememberedEmbedderPath: () => rememberedPath(embedderKey),

    async catalog() {
      const [entries, installed, machine] = await Promise.all([catalog(), (await library()).list(), engine.detectHardware()]);
      const partials = new Map<string, number>();
      for (const entry of entries.models) {
        const size = await fs.promises.stat(partialPaths(path.join(options.dir, entry.file)).partial).then((stat) => stat.size, () => 0);
        if (size > 0) partials.set(entry.file, size);
      }
      return catalogView(entries, { ...machine, gpuEnabled: engine.gpuEnabled }, new Set(installed.map((model) => model.file)), downloads.has, (file) => partials.get(file) ?? null);
    },

    async download(id: string): Promise<{ id: string }> {
      const models = await library();
      findCatalogEntry(await catalog(), id);
      downloads.start(id, (signal, onProgress) => models.pull(id, { signal, onProgress }));
      return { id };
    },

    hubSearch: (query: string) => hub.search(query),
    hubFiles: (repo: string) => hub.files(repo),
    hubDownload: (repo: string, path: string) => hub.download(repo, path),

    cancelDownload: (id: string) => ({ cancelled: downloads.cancel(id) }),

    async import(sourcePath: string): Promise<InstalledModelView> {
      const model = view(await (await library()).import(sourcePath));
      emit('models.changed', {});
      return model;
    },

    async delete(id: string): Promise<{ deleted: boolean }> {
      const model = await findInstalled(id);
      if (model.origin === 'bundled') throw new HearthError('MODEL_BUNDLED');
      if (model.active) throw new HearthError('MODEL_IN_USE', { details: `${model.file} is loaded for chat` });
      if (model.embedding) {
        throw new HearthError('MODEL_IN_USE', {
          message: 'This model embeds your memory and documents now, so it cannot be deleted.',
          action: 'Choose another model for embeddings first, then delete this one.',
          details: `${model.file} is loaded for embeddings`,
        });
      }
      await (await library()).remove(model.file);
      emit('models.changed', {});
      return { deleted: true };
    },

    /** Loads the model for chat; a model that fails to load leaves the error in the status, as at start. */
    async activate(id: string): Promise<ModelStatus> {
      const model = await findInstalled(id);
      if (model.active && engine.status.state === 'ready') return engine.status;
      try {
        const status = await engine.load(model.path, { isDemo: model.origin === 'bundled' });
        options.settings.set(activeModelKey, model.path);
        return status;
      } finally {
        emit('models.changed', {});
      }
    },

    async useForEmbeddings(id: string): Promise<EmbedderStatus> {
      const model = await findInstalled(id);
      try {
        const status = await engine.loadEmbedder(model.path);
        options.settings.set(embedderKey, model.path);
        if (status.model !== null) options.onEmbedderChanged?.(status.model);
        return status;
      } finally {
        emit('models.changed', {});
      }
    },

    /** Turns the GPU on or off; the models are loaded again, and the page lists them (and their fit) again. */
    async useGpu(enabled: boolean): Promise<ModelStatus> {
      try {
        return await engine.useGpu(enabled);
      } finally {
        emit('models.changed', {});
      }
    },

    close: () => downloads.cancelAll(),
  };
}

export type ModelsService = ReturnType<typeof createModelsService>;
