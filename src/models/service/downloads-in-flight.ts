/**
 * The catalogue downloads the core is running: at most one per model id,
 * each cancellable, and all cancelled (and awaited) when the app closes,
 * so no download writes into a folder that is being shut down.
 */
import { HearthError } from '../../api/errors.ts';
import type { DownloadProgress } from '../download/download-model.ts';

export type StartDownload = (signal: AbortSignal, onProgress: (progress: DownloadProgress) => void) => Promise<unknown>;

export interface DownloadListener {
  progress(id: string, progress: DownloadProgress): void;
  finished(id: string): void;
  failed(id: string, error: unknown): void;
}

export function createDownloadsInFlight(listener: DownloadListener) {
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();

  return {
    has: (id: string) => running.has(id),

    /** Starts the download in the background; its outcome reaches the listener. */
    start(id: string, download: StartDownload): void {
      if (running.has(id)) throw new HearthError('DOWNLOAD_IN_PROGRESS', { details: `"${id}" is already downloading` });
      const controller = new AbortController();
      const done = download(controller.signal, (progress) => listener.progress(id, progress)).then(
        () => {
          running.delete(id);
          listener.finished(id);
        },
        (error: unknown) => {
          running.delete(id);
          listener.failed(id, error);
        },
      );
      running.set(id, { controller, done });
    },

    cancel(id: string): boolean {
      const download = running.get(id);
      download?.controller.abort();
      return download !== undefined;
    },

    async cancelAll(): Promise<void> {
      const all = [...running.values()];
      for (const download of all) download.controller.abort();
      await Promise.all(all.map((download) => download.done));
    },
  };
}
