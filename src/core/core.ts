import path from 'node:path';
import { methods, type EventName, type EventPayload, type ModelStatus } from '../api/contract.ts';
import { HearthError } from '../api/errors.ts';
import type { EventMessage } from '../api/wire.ts';
import { defaultDataDir } from '../common/data-dir.ts';
import { diagnosticsText } from '../log/diagnostics.ts';
import { createFileLogger, logDirName, type Logger } from '../log/file-logger.ts';
import { reportFailure } from '../log/report-failure.ts';
import { makePrivateDir, makePrivateFile } from '../common/private-files.ts';
import { backupIfDueInBackground, listBackups, replaceBackups, someBackupOpensWith, verifiedBackupFile } from '../store/backups.ts';
import { damaged as damagedError, isCorruption } from '../store/check.ts';
import { lockDataDir } from '../store/lock.ts';
import { restoreBackupFile } from '../store/restore.ts';
import { databaseFileName, openStore, type Store } from '../store/store.ts';
import { exportData } from '../privacy/export-data.ts';
import { exportReadable } from '../privacy/export-readable.ts';
import { exportsDirName, wipeDataFiles } from '../privacy/wipe-data.ts';
import { vaultPaths } from '../vault/vault-file.ts';
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
  /** The data folder's log, for the transports' own failures (a browser host's request it could not answer). */
  readonly log: Logger;
  call(method: string, params: unknown): Promise<unknown>;
  on(listener: (message: EventMessage) => void): () => void;
  close(): Promise<void>;
}

/** How long closing waits for today's backup copy to finish before stopping it. */
const closingBackupGraceMs = 10_000;

/**
 * The composition root. The data folder is locked to this process at
 * once; the database and the services on it exist only once the vault is
 * unlocked, and until then every call but the vault's is refused.
 */
export async function createCore(config: CoreConfig): Promise<Core> {
  const dataDir = config.dataDir ?? defaultDataDir();
  makePrivateDir(dataDir);
  // Written readable by others before Hearth made its files private.
  for (const file of Object.values(vaultPaths(dataDir))) makePrivateFile(file);
  const lock = lockDataDir(dataDir);
  // Created once the folder is ours, so that two Hearths never rotate one log.
  const log = createFileLogger({ dir: path.join(dataDir, logDirName) });
  log.info('core', 'start', { version: config.version ?? '0.0.0', mode: config.mode });
  const listeners = new Set<(message: EventMessage) => void>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const listener of listeners) listener({ type: 'event', event, payload });
  };

  const databaseFile = path.join(dataDir, databaseFileName);
  const vault = createVault({
    dataDir,
    databaseFile,
    ...(config.keychain ? { keychain: config.keychain } : {}),
    ...(config.kdfCost ? { kdfCost: config.kdfCost } : {}),
  });
  let services: Services | undefined;
  /**
   * The key is proven but the database is not open: damaged (only backups, what can be read, and wiping
   * are offered) or missing (a backup opened with the key: only backups and wiping are offered).
   */
  let damaged: 'damaged' | 'missing' | null = null;
  let resolveModelLoad!: (status: ModelStatus) => void;
  const modelLoad = new Promise<ModelStatus>((resolve) => (resolveModelLoad = resolve));
  const status = () => vault.status(services ? 'unlocked' : damaged);
  const now = config.backups?.now ?? (() => new Date());

  /**
   * Today's backup, when due, copied in the background (a large library takes half a minute, which
   * unlocking does not wait for); a failure must not keep the data closed, and goes to the log.
   */
  let backingUp: { done: Promise<void>; stop: AbortController } | undefined;
  const backUpIfDue = (key: Buffer) => {
    if (backingUp) return;
    const stop = new AbortController();
    const done = backupIfDueInBackground(databaseFile, key, dataDir, now(), stop.signal)
      .then(
        () => undefined,
        (error: unknown) => {
          if (!stop.signal.aborted) log.error('store', 'backup-failed', {}, error);
        },
      )
      .finally(() => (backingUp = undefined));
    backingUp = { done, stop };
  };
  /**
   * Before the file changes under it (a new key, a restore, a wipe), the copy under way stops, leaving
   * nothing; when Hearth closes, it is given `graceMs` to finish first (a quick open and quit still backs up).
   */
  const stopBackup = async (graceMs = 0) => {
    const running = backingUp;
    if (!running) return;
    if (graceMs > 0) await Promise.race([running.done, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    running.stop.abort();
    await running.done;
  };

  type Opened = { store: Store } | { damaged: HearthError };
  /** A damaged database still proves the key, so the vault keeps it for restoring a backup or reading what is left. */
  const openWithKey = (key: Buffer): Opened => {
    let store: Store;
    try {
      store = openStore(dataDir, { key, lock });
    } catch (error) {
      if (error instanceof HearthError && error.code === 'DATABASE_DAMAGED') return { damaged: error };
      throw error;
    }
    // Made while unlocked, since the copy is encrypted with the same key.
    backUpIfDue(key);
    return { store };
  };

  /** hearth.db is gone though vault.json records a key: nothing is created in its place, and a backup that opens with the key is offered. */
  const openMissingWithKey = (key: Buffer): Opened => {
    const missing = (why: string) => new HearthError('DATABASE_MISSING', { details: `${databaseFile} does not exist; ${why}` });
    if (someBackupOpensWith(dataDir, key)) return { damaged: missing('a backup opens with the key') };
    throw missing(listBackups(dataDir).length ? 'no backup opens with this key' : 'there is no backup');
  };

  /** One unlock at a time: a second attempt while scrypt runs would open the database twice. */
  let opening: Promise<unknown> | undefined;
  async function open(how: () => Promise<Opened>) {
    if (services) throw new HearthError('VAULT_EXISTS', { message: 'Your Hearth data is already unlocked.', action: 'Nothing to do: go on using Hearth.' });
    if (opening) await opening.catch(() => undefined);
    if (services) return status();
    const attempt = how();
    opening = attempt;
    const opened = await attempt;
    damaged = 'damaged' in opened ? (opened.damaged.code === 'DATABASE_MISSING' ? 'missing' : 'damaged') : null;
    if ('store' in opened) {
      log.info('vault', 'unlocked', { protection: status().protection });
      services = createServices(config, dataDir, opened.store, emit, log);
      void services.modelLoad.then(resolveModelLoad);
    } else {
      log.warn('store', `database-${damaged}`, { code: opened.damaged.code, details: opened.damaged.details });
    }
    emit('vault.status', status());
    return status();
  }

  /** The services on the open database; while it is damaged, the error says so instead of asking to unlock. */
  const requireServices = (): Services => {
    if (!services) throw new HearthError(damaged === 'missing' ? 'DATABASE_MISSING' : damaged ? 'DATABASE_DAMAGED' : 'VAULT_LOCKED');
    return services;
  };

  /** The database is open, damaged or not: what works on the file itself needs only the key. */
  const requireKey = () => {
    if (!services && !damaged) throw new HearthError('VAULT_LOCKED');
    return vault.key();
  };

  /**
   * A page found damaged after the check at start (a file above its size
   * bound, or damage since): the app turns to the damaged-data screen
   * instead of failing call after call with INTERNAL.
   */
  async function failedCall(running: Services, error: unknown): Promise<unknown> {
    if (!isCorruption(error)) return error;
    if (services === running) {
      services = undefined;
      damaged = 'damaged';
      await running.close().catch(() => undefined);
      emit('vault.status', status());
    }
    return damagedError(databaseFile, error);
  }

  try {
    if (vault.canOpenWithoutPassphrase()) {
      await open(() => (status().state === 'new' ? vault.createWithKeychain(openWithKey) : vault.unlock(null, openWithKey, openMissingWithKey)));
    } else if (config.passphrase !== undefined) {
      const passphrase = config.passphrase;
      await open(() => (status().state === 'new' ? vault.create(passphrase, openWithKey) : vault.unlock(passphrase, openWithKey, openMissingWithKey)));
    }
  } catch (error) {
    const shown = reportFailure(log, 'vault', 'open-at-start-failed', error);
    lock.release();
    throw shown;
  }

  // Backups are otherwise made at unlock: a Hearth left open for days makes each day's too. Unref'd, so it never keeps the process alive.
  const backupTimer = setInterval(() => {
    if (services) backUpIfDue(vault.key());
  }, config.backups?.checkEveryMs ?? 60 * 60 * 1000);
  backupTimer.unref();

  const unlockedOnly = Object.fromEntries(
    Object.keys(methods).map((method) => [
      method,
      async (params: never) => {
        const running = requireServices();
        try {
          return await (running.handlers[method as keyof UnlockedHandlers] as (params: never) => unknown)(params);
        } catch (error) {
          throw await failedCall(running, error);
        }
      },
    ]),
  ) as UnlockedHandlers;
  const dispatch = createDispatcher({
    ...unlockedOnly,
    'app.info': () => ({ version: config.version ?? '0.0.0', mode: config.mode, dataDir }),
    'app.diagnostics': async () => {
      const engine = services?.engine;
      const hardware = engine ? await engine.detectHardware().catch(() => null) : null;
      return {
        text: diagnosticsText({
          version: config.version ?? '0.0.0',
          mode: config.mode,
          model: engine?.status ?? null,
          embedder: engine?.embedderStatus ?? null,
          hardware,
          gpuEnabled: engine?.gpuEnabled ?? null,
          problems: log.recentProblems(20),
        }),
      };
    },
    'vault.status': () => status(),
    'vault.create': ({ passphrase }) => open(() => vault.create(passphrase, openWithKey)),
    'vault.unlock': ({ passphrase }) => open(() => vault.unlock(passphrase, openWithKey, openMissingWithKey)),
    'vault.changePassphrase': async ({ current, next }) => {
      const { store } = requireServices();
      await stopBackup();
      await vault.changePassphrase(store.db, current, next);
      try {
        replaceBackups(store.db, dataDir);
      } catch (error) {
        log.error('store', 'backup-replace-failed', {}, error);
      }
      return status();
    },
    'data.export': () => {
      return exportData(requireServices().store, path.join(dataDir, exportsDirName));
    },
    'data.wipe': async () => {
      requireKey();
      await stopBackup();
      const closing = services;
      services = undefined;
      damaged = null;
      await closing?.close();
      vault.forget();
      wipeDataFiles(dataDir);
      emit('vault.status', status());
      return status();
    },
    // Today's copy, if one is being made, is listed once written.
    'data.backups': async () => {
      await backingUp?.done;
      return listBackups(dataDir);
    },
    'data.restoreBackup': async ({ id }) => {
      const key = requireKey();
      await stopBackup();
      const backup = verifiedBackupFile(dataDir, id, key);
      const closing = services;
      services = undefined;
      await closing?.close();
      restoreBackupFile(dataDir, backup, damaged === 'damaged' ? 'damaged' : 'replaced');
      damaged = null;
      return open(async () => openWithKey(key));
    },
    'data.exportReadable': () => {
      const key = requireKey();
      if (damaged === 'missing') throw new HearthError('DATABASE_MISSING', { details: `${databaseFile} does not exist` });
      return exportReadable(databaseFile, key, path.join(dataDir, exportsDirName));
    },
  } satisfies Handlers);

  let closing: Promise<void> | undefined;
  return {
    dataDir,
    modelLoad,
    log,
    get workerPid() {
      return services?.engine.workerPid;
    },
    // The API boundary: every failure is logged, and a bug's stack is kept there under the reference the person sees.
    async call(method, params) {
      try {
        return await dispatch(method, params);
      } catch (error) {
        throw reportFailure(log, 'api', 'call-failed', error, { method: Object.hasOwn(methods, method) ? method : 'unknown' });
      }
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closing ??= (async () => {
        clearInterval(backupTimer);
        await stopBackup(closingBackupGraceMs);
        await services?.close();
        listeners.clear();
        vault.forget();
        log.info('core', 'stop');
        lock.release();
      })();
      return closing;
    },
  };
}
