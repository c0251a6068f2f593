import fs from 'node:fs';
import path from 'node:path';
import { methods, type EventName, type EventPayload, type ModelStatus } from '../api/contract.ts';
import { HearthError } from '../api/errors.ts';
import type { EventMessage } from '../api/wire.ts';
import { defaultDataDir } from '../common/data-dir.ts';
import { lockDataDir } from '../store/lock.ts';
import { databaseFileName, openStore, type Store } from '../store/store.ts';
import { exportData } from '../privacy/export-data.ts';
import { exportsDirName, wipeDataFiles } from '../privacy/wipe-data.ts';
import { createVault } from '../vault/vault.ts';
import type { CoreConfig } from './config.ts';
import { createDispatcher, type Handlers } from './dispatch.ts';
import { createServices, type Services, type UnlockedHandlers } from './services.ts';

export type { CoreConfig } from './config.ts';

export interface Core {
  readonly dataDir: string;
  /** Settles when the first model load after unlocking has finished, well or not; the app works meanwhile. */
  readonly modelLoad: Promise<ModelStatus>;
  /** The inference worker's pid, for diagnostics; undefined while locked. */
  readonly workerPid: number | undefined;
  call(method: string, params: unknown): Promise<unknown>;
  on(listener: (message: EventMessage) => void): () => void;
  close(): Promise<void>;
}

/**
 * The composition root. The data folder is locked to this process at
 * once; the database and the services on it exist only once the vault is
 * unlocked, and until then every call but the vault's is refused.
 */
export async function createCore(config: CoreConfig): Promise<Core> {
  const dataDir = config.dataDir ?? defaultDataDir();
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = lockDataDir(dataDir);
  const listeners = new Set<(message: EventMessage) => void>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const listener of listeners) listener({ type: 'event', event, payload });
  };

  const vault = createVault({
    dataDir,
    databaseFile: path.join(dataDir, databaseFileName),
    ...(config.keychain ? { keychain: config.keychain } : {}),
    ...(config.kdfCost ? { kdfCost: config.kdfCost } : {}),
  });
  let services: Services | undefined;
  let resolveModelLoad!: (status: ModelStatus) => void;
  const modelLoad = new Promise<ModelStatus>((resolve) => (resolveModelLoad = resolve));
  const openWithKey = (key: Buffer) => openStore(dataDir, { key, lock });
  const status = () => vault.status(services !== undefined);

  /** One unlock at a time: a second attempt while scrypt runs would open the database twice. */
  let opening: Promise<unknown> | undefined;
  async function open(how: () => Promise<Store>) {
    if (services) throw new HearthError('VAULT_EXISTS', { message: 'Your Hearth data is already unlocked.' });
    if (opening) await opening.catch(() => undefined);
    if (services) return status();
    const attempt = how();
    opening = attempt;
    services = createServices(config, dataDir, await attempt, emit);
    void services.modelLoad.then(resolveModelLoad);
    emit('vault.status', status());
    return status();
  }

  try {
    if (vault.canOpenWithoutPassphrase()) {
      await open(() => (status().state === 'new' ? vault.createWithKeychain(openWithKey) : vault.unlock(null, openWithKey)));
    } else if (config.passphrase !== undefined) {
      const passphrase = config.passphrase;
      await open(() => (status().state === 'new' ? vault.create(passphrase, openWithKey) : vault.unlock(passphrase, openWithKey)));
    }
  } catch (error) {
    lock.release();
    throw error;
  }

  const unlockedOnly = Object.fromEntries(
    Object.keys(methods).map((method) => [
      method,
      (params: never) => {
        if (!services) throw new HearthError('VAULT_LOCKED');
        return (services.handlers[method as keyof UnlockedHandlers] as (params: never) => unknown)(params);
      },
    ]),
  ) as UnlockedHandlers;
  const dispatch = createDispatcher({
    ...unlockedOnly,
    'app.info': () => ({ version: config.version ?? '0.0.0', mode: config.mode, dataDir }),
    'vault.status': () => status(),
    'vault.create': ({ passphrase }) => open(() => vault.create(passphrase, openWithKey)),
    'vault.unlock': ({ passphrase }) => open(() => vault.unlock(passphrase, openWithKey)),
    'vault.changePassphrase': async ({ current, next }) => {
      if (!services) throw new HearthError('VAULT_LOCKED');
      await vault.changePassphrase(services.store.db, current, next);
      return status();
    },
    'data.export': () => {
      if (!services) throw new HearthError('VAULT_LOCKED');
      return exportData(services.store, path.join(dataDir, exportsDirName));
    },
    'data.wipe': async () => {
      if (!services) throw new HearthError('VAULT_LOCKED');
      const closing = services;
      services = undefined;
      await closing.close();
      vault.forget();
      wipeDataFiles(dataDir);
      emit('vault.status', status());
      return status();
    },
  } satisfies Handlers);

  let closing: Promise<void> | undefined;
  return {
    dataDir,
    modelLoad,
    get workerPid() {
      return services?.engine.workerPid;
    },
    call: dispatch,
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closing ??= (async () => {
        await services?.close();
        listeners.clear();
        vault.forget();
        lock.release();
      })();
      return closing;
    },
  };
}
