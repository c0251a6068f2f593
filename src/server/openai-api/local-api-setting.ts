/**
 * The local API's setting, kept in the encrypted settings: whether it is
 * on (off until the user turns it on), its port, and the token apps use as
 * their API key. The token is made at the first read, so the Privacy page
 * can show it before the API is turned on.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { localApiPortSchema } from '../../api/local-api.ts';
import type { SettingsRepository } from '../../store/settings.ts';

const settingKey = 'localApi';

/** Where the API listens unless the user chooses another port: one few programs use. */
export const defaultLocalApiPort = 5391;

const storedSchema = z.object({ enabled: z.boolean(), port: localApiPortSchema, token: z.string().min(1) });

export type StoredLocalApi = z.output<typeof storedSchema>;

/** 32 random bytes, in a form that is safe in a header and easy to tell apart from other keys. */
const newToken = () => `hearth-${randomBytes(32).toString('base64url')}`;

export function localApiSetting(settings: SettingsRepository) {
  const save = (value: StoredLocalApi) => {
    settings.set(settingKey, value);
    return value;
  };
  return {
    get(): StoredLocalApi {
      const saved = storedSchema.safeParse(settings.get(settingKey));
      return saved.success ? saved.data : save({ enabled: false, port: defaultLocalApiPort, token: newToken() });
    },
    save(change: { enabled: boolean; port: number }): StoredLocalApi {
      return save({ ...this.get(), ...change });
    },
    /** A new token, kept at once: the old one is refused from then on. */
    rotateToken(): StoredLocalApi {
      return save({ ...this.get(), token: newToken() });
    },
  };
}

export type LocalApiSettingStore = ReturnType<typeof localApiSetting>;
