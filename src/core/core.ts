import fs from 'node:fs';
import type { EventName, EventPayload, ModelStatus } from '../api/contract.ts';
import { HearthError } from '../api/errors.ts';
import type { EventMessage } from '../api/wire.ts';
import { createChatService, defaultGenerationSettings } from '../chat/chat-service.ts';
import { Engine } from '../engine/engine.ts';
import type { GenerationSettings } from '../engine/protocol.ts';
import { openStore } from '../store/store.ts';
import { createDispatcher } from './dispatch.ts';
import { bundledModelPath } from '../models/bundled.ts';
import { defaultDataDir } from '../common/data-dir.ts';
import { modelsDir } from '../models/library/models-dir.ts';
import { createModelsService } from '../models/service/models-service.ts';
import type { DownloadOptions } from '../models/download/download-model.ts';

export interface CoreConfig {
  mode: 'electron' | 'browser';
  /** Defaults to the platform's app-data folder. */
  dataDir?: string;
  /** Defaults to the model chosen last on the Models page, else the bundled demo model. */
  modelPath?: string;
  /** A catalogue file replacing the bundled models/catalog.json (HEARTH_CATALOG). */
  catalogPath?: string;
  /** Timeouts and retries of model downloads (tests shorten them). */
  downloadOptions?: DownloadOptions;
  threads?: number;
  contextSize?: number;
  generation?: Partial<GenerationSettings>;
  version?: string;
}

export interface Core {
  readonly dataDir: string;
  /** Settles when the first model load has finished, well or not; the app works meanwhile. */
  readonly modelLoad: Promise<ModelStatus>;
  /** The inference worker's pid, for diagnostics. */
  readonly workerPid: number | undefined;
  call(method: string, params: unknown): Promise<unknown>;
  on(listener: (message: EventMessage) => void): () => void;
  close(): Promise<void>;
}

function sameFile(a: string, b: string): boolean {
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
}

/** The composition root: builds the store, the engine and the services from config. */
export async function createCore(config: CoreConfig): Promise<Core> {
  const dataDir = config.dataDir ?? defaultDataDir();
  const store = openStore(dataDir);
  const listeners = new Set<(message: EventMessage) => void>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const listener of listeners) listener({ type: 'event', event, payload });
  };

  const engine = new Engine({
    memory: store.settings,
    onStatus: (status) => emit('model.status', status),
    ...(config.threads === undefined ? {} : { threads: config.threads }),
    ...(config.contextSize === undefined ? {} : { contextSize: config.contextSize }),
  });
  const chat = createChatService({
    store,
    engine,
    emit,
    generation: { ...defaultGenerationSettings, ...config.generation },
  });

  const demoModel = bundledModelPath();
  const models = createModelsService({
    dir: modelsDir(dataDir),
    engine,
    settings: store.settings,
    demoModelPath: demoModel,
    emit,
    ...(config.catalogPath ? { catalogPath: config.catalogPath } : {}),
    ...(config.downloadOptions ? { downloadOptions: config.downloadOptions } : {}),
  });
  const modelPath = config.modelPath ?? models.rememberedModelPath() ?? demoModel;
  const modelLoad = engine.load(modelPath, { isDemo: sameFile(modelPath, demoModel) }).catch(() => engine.status);

  const dispatch = createDispatcher({
    'app.info': () => ({ version: config.version ?? '0.0.0', mode: config.mode, dataDir }),
    'model.status': () => engine.status,
    'conversations.list': () => store.conversations.list(),
    'conversations.search': ({ query }) => store.conversations.search(query),
    'conversations.get': ({ id }) => {
      const conversation = store.conversations.get(id);
      if (!conversation) throw new HearthError('NOT_FOUND');
      return { conversation, messages: store.messages.listByConversation(id) };
    },
    'chat.send': (params) => chat.send(params),
    'chat.stop': ({ messageId }) => ({ stopped: chat.stop(messageId) }),
    'chat.regenerate': ({ messageId }) => chat.regenerate(messageId),
    'models.list': () => models.list(),
    'models.catalog': () => models.catalog(),
    'models.download': ({ id }) => models.download(id),
    'models.cancelDownload': ({ id }) => models.cancelDownload(id),
    'models.import': ({ path }) => models.import(path),
    'models.delete': ({ id }) => models.delete(id),
    'models.activate': ({ id }) => {
      if (chat.busy) throw new HearthError('BUSY', { message: 'A reply is still being written, so the model cannot be switched now.' });
      return models.activate(id);
    },
  });

  let closing: Promise<void> | undefined;
  return {
    dataDir,
    modelLoad,
    get workerPid() {
      return engine.workerPid;
    },
    call: dispatch,
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closing ??= (async () => {
        await models.close();
        await chat.close();
        await engine.close();
        listeners.clear();
        store.close();
      })();
      return closing;
    },
  };
}
