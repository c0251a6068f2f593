/**
 * What a reply written off this device is given besides the conversation:
 * the user's disclosure level, kept in the settings repository and read at
 * each remote reply (so a change applies to the next one), and what each
 * level lets into the prompt.
 */
import { defaultDisclosureLevel, disclosureLevelSchema, type DisclosureLevel } from '../api/remote-settings.ts';
import type { ContextInclude } from '../memory/context/assemble-context.ts';
import type { SettingsRepository } from '../store/settings.ts';

const settingKey = 'remote.disclosure';

/** What the prompt of a reply written off this device may hold, by level. */
export const disclosedContext: Record<DisclosureLevel, ContextInclude> = {
  none: { facts: false, passages: false },
  passages: { facts: false, passages: true },
  everything: { facts: true, passages: true },
};

export function remoteDisclosureSetting(settings: SettingsRepository) {
  return {
    /** The level chosen; the default until the user chooses one. */
    get(): DisclosureLevel {
      const saved = disclosureLevelSchema.safeParse(settings.get(settingKey));
      return saved.success ? saved.data : defaultDisclosureLevel;
    },
    set(level: DisclosureLevel): DisclosureLevel {
      settings.set(settingKey, level);
      return level;
    },
  };
}
