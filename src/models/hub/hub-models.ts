/**
 * The Models page's Hugging Face calls: search, a repository's files rated
 * for this machine, and a download that runs beside the catalogue's (same
 * downloader, same progress events, same cancel) under the file's name,
 * which is also the installed model's id.
 */
import type { HubFileView, HubModelView } from '../../api/model-hub.ts';
import { HearthError } from '../../api/errors.ts';
import type { MachineCapacity } from '../fit/score-fit.ts';
import type { ModelLibrary } from '../library/model-library.ts';
import type { StartDownload } from '../service/downloads-in-flight.ts';
import type { HubClient } from './hub-client.ts';
import { scoreHubFile } from './hub-fit.ts';

export interface HubModelsOptions {
  client: HubClient;
  library: () => Promise<ModelLibrary>;
  /** This machine as the worker sees it (with the GPU turned off, a machine without one). */
  machine: () => Promise<MachineCapacity>;
  startDownload: (id: string, download: StartDownload) => void;
}

export function createHubModels({ client, library, machine, startDownload }: HubModelsOptions) {
  return {
    async search(query: string): Promise<{ models: HubModelView[] }> {
      return { models: await client.searchHubModels(query) };
    },

    async files(repo: string): Promise<{ files: HubFileView[] }> {
      const [files, installed, capacity] = await Promise.all([client.listHubFiles(repo), (await library()).list(), machine()]);
      const installedFiles = new Set(installed.map((model) => model.file));
      return {
        files: files.map((file) => ({
          id: file.fileName, path: file.path, sizeBytes: file.sizeBytes, sha256: file.sha256, quantization: file.quantization,
          fit: scoreHubFile(file, capacity), installed: installedFiles.has(file.fileName),
        })),
      };
    },

    /** The size and sha256 checked are the hub's, read again here: nothing the page sends is trusted for them. */
    async download(repo: string, path: string): Promise<{ id: string }> {
      const file = (await client.listHubFiles(repo)).find((candidate) => candidate.path === path);
      if (!file) throw new HearthError('HUB_FILE_NOT_FOUND', { details: `${repo} has no single-file GGUF model at ${path}` });
      const models = await library();
      if ((await models.list()).some((model) => model.file === file.fileName)) {
        throw new HearthError('MODEL_ALREADY_INSTALLED', {
          message: 'A model file with this name is already installed.',
          action: 'Use the installed one, or delete it under Installed first to download this one.',
          details: `${file.fileName} is already in ${models.dir}`,
        });
      }
      startDownload(file.fileName, (signal, onProgress) =>
        models.pullFromHub({ repo, path: file.path, url: file.url, file: file.fileName, sizeBytes: file.sizeBytes, sha256: file.sha256 }, { signal, onProgress }),
      );
      return { id: file.fileName };
    },
  };
}
