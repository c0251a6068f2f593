/**
 * The Models page's state, kept at the app level so a download's progress
 * survives switching to the chat and back: installed models, the
 * catalogue with its fit ratings, live download progress and failures.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DownloadProgressEvent, ErrorPayload, EventPayload, HearthApi, InstalledModelView, ModelCatalogView } from '../../../src/api/index.ts';
import { asErrorPayload } from '../bridge/callError.ts';

export interface ModelsState {
  installed: InstalledModelView[] | null;
  catalog: ModelCatalogView | null;
  /** Live progress of downloads by catalogue id. */
  progress: Record<string, DownloadProgressEvent>;
  /** Why the last download of an id ended without a model. */
  failures: Record<string, EventPayload<'models.downloadFailed'>['error']>;
  /** The last failed action on the page (import, delete, switch). */
  error: ErrorPayload | null;
  /** The id being switched to, while it loads. */
  activating: string | null;
  /** While the GPU is being turned on (true) or off (false) and the models load again; null otherwise. */
  gpuSwitch: boolean | null;
}

export function useModels(api: HearthApi) {
  const [state, setState] = useState<ModelsState>({ installed: null, catalog: null, progress: {}, failures: {}, error: null, activating: null, gpuSwitch: null });
  const patch = useCallback((change: (previous: ModelsState) => Partial<ModelsState>) => setState((previous) => ({ ...previous, ...change(previous) })), []);

  const refresh = useCallback(async () => {
    try {
      const [installed, catalog] = await Promise.all([api.call('models.list', {}), api.call('models.catalog', {})]);
      // A bar stays only for downloads still running: a finished or failed one ends with the refresh.
      const running = new Set(catalog.models.filter((model) => model.downloading).map((model) => model.id));
      patch((previous) => ({
        installed, catalog, progress: Object.fromEntries(Object.entries(previous.progress).filter(([id]) => running.has(id))),
      }));
    } catch (error) {
      patch(() => ({ error: asErrorPayload(error) }));
    }
  }, [api, patch]);

  useEffect(() => {
    void refresh();
    const without = <T,>(record: Record<string, T>, id: string) => Object.fromEntries(Object.entries(record).filter(([key]) => key !== id));
    const offs = [
      api.on('models.downloadProgress', (progress) => patch((previous) => ({ progress: { ...previous.progress, [progress.id]: progress } }))),
      api.on('models.downloadFailed', ({ id, error }) =>
        patch((previous) => ({ progress: without(previous.progress, id), failures: { ...previous.failures, [id]: error } })),
      ),
      api.on('models.changed', () => void refresh()),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [api, patch, refresh]);

  const run = useCallback(
    async (action: () => Promise<unknown>): Promise<boolean> => {
      patch(() => ({ error: null }));
      try {
        await action();
        return true;
      } catch (error) {
        patch(() => ({ error: asErrorPayload(error) }));
        return false;
      } finally {
        void refresh();
      }
    },
    [patch, refresh],
  );

  const actions = useMemo(
    () => ({
      refresh,
      download: (id: string) => {
        patch((previous) => ({ failures: Object.fromEntries(Object.entries(previous.failures).filter(([key]) => key !== id)) }));
        return run(() => api.call('models.download', { id }));
      },
      cancel: (id: string) => run(() => api.call('models.cancelDownload', { id })),
      importPath: (path: string) => run(() => api.call('models.import', { path })),
      remove: (id: string) => run(() => api.call('models.delete', { id })),
      activate: async (id: string) => {
        patch(() => ({ activating: id }));
        const ok = await run(() => api.call('models.activate', { id }));
        patch(() => ({ activating: null }));
        return ok;
      },
      useForEmbeddings: (id: string) => run(() => api.call('models.useForEmbeddings', { id })),
      useGpu: async (enabled: boolean) => {
        patch(() => ({ gpuSwitch: enabled }));
        const ok = await run(() => api.call('models.useGpu', { enabled }));
        patch(() => ({ gpuSwitch: null }));
        return ok;
      },
      dismissError: () => patch(() => ({ error: null })),
    }),
    [api, patch, refresh, run],
  );

  return { state, actions };
}

export type ModelsController = ReturnType<typeof useModels>;
