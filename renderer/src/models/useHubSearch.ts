/**
 * Searching Hugging Face from the Models page: the results of the last
 * search, each opened repository's files (listed again when the installed
 * models change, so "Installed" follows), and the downloads started here,
 * with their progress and failures, keyed by the id the core returned.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DownloadProgressEvent, ErrorPayload, EventPayload, HearthApi } from '../../../src/api/index.ts';
import type { HubFileView, HubModelView } from '../../../src/api/model-hub.ts';
import { asErrorPayload } from '../bridge/callError.ts';

export interface OpenRepo {
  files: HubFileView[] | null;
  error: ErrorPayload | null;
}

export interface HubSearchState {
  /** Null before the first search. */
  results: HubModelView[] | null;
  searching: boolean;
  error: ErrorPayload | null;
  open: Record<string, OpenRepo>;
  /** Downloads started from here that have not ended, with their last progress (undefined until the first). */
  downloading: Record<string, DownloadProgressEvent | undefined>;
  failures: Record<string, Failure>;
}

/** Why a download ended without a model, as the event carries it. */
type Failure = EventPayload<'models.downloadFailed'>['error'];

const without = <T,>(record: Record<string, T>, key: string) => Object.fromEntries(Object.entries(record).filter(([name]) => name !== key));

export function useHubSearch(api: HearthApi) {
  const [state, setState] = useState<HubSearchState>({ results: null, searching: false, error: null, open: {}, downloading: {}, failures: {} });
  const patch = useCallback((change: (previous: HubSearchState) => Partial<HubSearchState>) => setState((previous) => ({ ...previous, ...change(previous) })), []);
  // The repositories open now, for the event listeners (which are not renewed on each render).
  const openRepos = useRef<string[]>([]);
  openRepos.current = Object.keys(state.open);

  const listFiles = useCallback(async (repo: string) => {
    try {
      const { files } = await api.call('models.hubFiles', { repo });
      const installed = files.filter((file) => file.installed).map((file) => file.id);
      patch((previous) => ({
        // A download ends where its file shows as installed.
        downloading: Object.fromEntries(Object.entries(previous.downloading).filter(([id]) => !installed.includes(id))),
        ...(repo in previous.open ? { open: { ...previous.open, [repo]: { files, error: null } } } : {}),
      }));
    } catch (error) {
      patch((previous) => (repo in previous.open ? { open: { ...previous.open, [repo]: { files: null, error: asErrorPayload(error) } } } : {}));
    }
  }, [api, patch]);

  useEffect(() => {
    const offs = [
      api.on('models.downloadProgress', (progress) =>
        patch((previous) => (progress.id in previous.downloading ? { downloading: { ...previous.downloading, [progress.id]: progress } } : {})),
      ),
      api.on('models.downloadFailed', ({ id, error }) =>
        patch((previous) => (id in previous.downloading ? { downloading: without(previous.downloading, id), failures: { ...previous.failures, [id]: error } } : {})),
      ),
      api.on('models.changed', () => {
        for (const repo of openRepos.current) void listFiles(repo);
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [api, patch, listFiles]);

  const actions = useMemo(() => ({
    search: async (query: string) => {
      patch(() => ({ searching: true, error: null }));
      try {
        const { models } = await api.call('models.hubSearch', { query });
        patch(() => ({ results: models, open: {} }));
      } catch (error) {
        patch(() => ({ error: asErrorPayload(error) }));
      } finally {
        patch(() => ({ searching: false }));
      }
    },
    open: (repo: string) => {
      patch((previous) => ({ open: { ...previous.open, [repo]: { files: null, error: null } } }));
      void listFiles(repo);
    },
    close: (repo: string) => patch((previous) => ({ open: without(previous.open, repo) })),
    download: async (repo: string, file: HubFileView) => {
      patch((previous) => ({ failures: without(previous.failures, file.id), downloading: { ...previous.downloading, [file.id]: undefined } }));
      try {
        await api.call('models.hubDownload', { repo, path: file.path });
      } catch (error) {
        patch((previous) => ({ downloading: without(previous.downloading, file.id), failures: { ...previous.failures, [file.id]: asErrorPayload(error) } }));
      }
    },
    cancel: (id: string) => void api.call('models.cancelDownload', { id }).catch(() => undefined),
  }), [api, patch, listFiles]);

  return { state, actions };
}

export type HubSearchController = ReturnType<typeof useHubSearch>;
