/**
 * The local API as the app turns it on and off: it runs while its setting
 * says so (from the unlock on, if it was left on) and stops with the
 * services. A port another program holds leaves it off, saying so.
 */
import type { LocalApiSetting } from '../../api/local-api.ts';
import { HearthError } from '../../api/errors.ts';
import type { Engine } from '../../engine/engine.ts';
import type { Logger } from '../../log/file-logger.ts';
import type { SettingsRepository } from '../../store/settings.ts';
import { startOpenAiApi, type OpenAiApiServer } from './api-server.ts';
import { localApiSetting } from './local-api-setting.ts';
import type { RouteChatRequest } from './reply-backend.ts';

export interface LocalApiDeps {
  settings: SettingsRepository;
  engine: Engine;
  log: Logger;
  /** Told after every change: on or off, another port, a new token. */
  onChange(setting: LocalApiSetting): void;
  /** Where each chat request is answered: the routing policy's decision. */
  route: RouteChatRequest;
}

export function createLocalApi({ settings, engine, log, onChange, route }: LocalApiDeps) {
  const setting = localApiSetting(settings);
  let server: OpenAiApiServer | null = null;
  let closed = false;
  /** One change at a time: a second switch waits until the first has started or stopped the server. */
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(change: () => Promise<T>): Promise<T> => {
    const next = turn.then(change);
    turn = next.catch(() => undefined);
    return next;
  };

  const view = (): LocalApiSetting => {
    const { enabled, port, token } = setting.get();
    const shown = server?.port ?? port;
    return { enabled, port: shown, token, url: `http://127.0.0.1:${shown}/v1` };
  };
  const changed = () => {
    const current = view();
    onChange(current);
    return current;
  };

  const start = async (port: number) => {
    server = await startOpenAiApi({ engine, log, port, route, token: () => setting.get().token });
    log.info('local-api', 'started', { port: server.port });
  };
  const stop = async () => {
    const running = server;
    server = null;
    if (!running) return;
    await running.close();
    log.info('local-api', 'stopped', {});
  };

  /** Starting failed: the setting is turned off, so that what the page shows is what runs. */
  const stayOff = (port: number) => {
    setting.save({ enabled: false, port });
    changed();
  };

  const saved = setting.get();
  if (saved.enabled) {
    void inTurn(async () => {
      try {
        await start(saved.port);
      } catch (error) {
        if (error instanceof HearthError) log.warn('local-api', 'start-failed', { code: error.code, port: saved.port });
        else log.error('local-api', 'start-failed', { port: saved.port }, error);
        stayOff(saved.port);
      }
    });
  }

  return {
    /** What runs, once a start or stop under way has finished. */
    get: (): Promise<LocalApiSetting> => inTurn(async () => view()),
    set({ enabled, port }: { enabled: boolean; port?: number | undefined }): Promise<LocalApiSetting> {
      return inTurn(async () => {
        const before = setting.get();
        const nextPort = port ?? before.port;
        if (closed || (before.enabled === enabled && before.port === nextPort && (server !== null) === enabled)) return view();
        await stop();
        if (enabled) {
          try {
            await start(nextPort);
          } catch (error) {
            stayOff(nextPort);
            throw error;
          }
        }
        setting.save({ enabled, port: nextPort });
        return changed();
      });
    },
    /** The old token is refused from the next request on; apps that used it must be given the new one. */
    newToken(): LocalApiSetting {
      setting.rotateToken();
      return changed();
    },
    async close(): Promise<void> {
      closed = true;
      await inTurn(stop);
    },
  };
}
