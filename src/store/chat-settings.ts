import { randomUUID } from 'node:crypto';
import { chatSettingsSchema, defaultChatSettings, type ChatSettings, type Preset } from '../api/chat-settings.ts';
import { HearthError } from '../api/errors.ts';
import type { HearthDatabase } from './open.ts';

interface PresetRow {
  id: string;
  name: string;
  settings: string;
  created_at: number;
  updated_at: number;
}

interface ConversationSettingsRow {
  settings: string;
  preset_id: string | null;
  preset_name: string | null;
  changed_from_preset: number;
}

export interface StoredChatSettings {
  settings: ChatSettings;
  preset: { id: string; name: string } | null;
  changedFromPreset: boolean;
}

/** Settings as stored by this or a later release: values it does not know are dropped, a damaged row reads as the defaults. */
function readSettings(json: string): ChatSettings {
  try {
    const parsed = chatSettingsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : defaultChatSettings;
  } catch {
    return defaultChatSettings;
  }
}

const toPreset = (row: PresetRow): Preset => ({
  id: row.id, name: row.name, settings: readSettings(row.settings), createdAt: row.created_at, updatedAt: row.updated_at,
});

/** A conversation's settings and the saved presets. */
export function createChatSettingsRepository(db: HearthDatabase) {
  const selectConversation = db.prepare(`
    SELECT s.settings, s.preset_id, p.name AS preset_name, s.changed_from_preset
    FROM conversation_settings s LEFT JOIN presets p ON p.id = s.preset_id WHERE s.conversation_id = ?`);
  const upsertConversation = db.prepare(`
    INSERT INTO conversation_settings (conversation_id, settings, preset_id, changed_from_preset) VALUES (?, ?, ?, ?)
    ON CONFLICT(conversation_id) DO UPDATE SET settings = excluded.settings, preset_id = excluded.preset_id,
      changed_from_preset = excluded.changed_from_preset`);
  const selectPresets = db.prepare('SELECT * FROM presets ORDER BY lower(name)');
  const selectPreset = db.prepare('SELECT * FROM presets WHERE id = ?');
  const selectPresetByName = db.prepare('SELECT id FROM presets WHERE lower(name) = lower(?)');
  const insertPreset = db.prepare('INSERT INTO presets (id, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const updatePreset = db.prepare('UPDATE presets SET name = ?, settings = ?, updated_at = ? WHERE id = ?');
  const deletePreset = db.prepare('DELETE FROM presets WHERE id = ?');
  const markChanged = db.prepare('UPDATE conversation_settings SET changed_from_preset = 1 WHERE preset_id = ? AND settings <> ?');
  const markSame = db.prepare('UPDATE conversation_settings SET changed_from_preset = 0 WHERE preset_id = ? AND settings = ?');

  function preset(id: string): Preset {
    const row = selectPreset.get(id) as PresetRow | undefined;
    if (!row) throw new HearthError('PRESET_NOT_FOUND', { details: `no preset ${id}` });
    return toPreset(row);
  }

  return {
    /** A conversation's settings; the defaults for one never changed. */
    forConversation(conversationId: string): StoredChatSettings {
      const row = selectConversation.get(conversationId) as ConversationSettingsRow | undefined;
      if (!row) return { settings: defaultChatSettings, preset: null, changedFromPreset: false };
      return {
        settings: readSettings(row.settings),
        preset: row.preset_id !== null && row.preset_name !== null ? { id: row.preset_id, name: row.preset_name } : null,
        changedFromPreset: row.changed_from_preset === 1,
      };
    },

    /** Changes a conversation's settings by hand: it still names the preset it followed, now as changed from it. */
    setForConversation(conversationId: string, settings: ChatSettings): void {
      const current = this.forConversation(conversationId).preset;
      const changed = current !== null && JSON.stringify(preset(current.id).settings) !== JSON.stringify(settings);
      upsertConversation.run(conversationId, JSON.stringify(settings), current?.id ?? null, changed ? 1 : 0);
    },

    /** Gives a conversation a preset's settings. */
    applyPreset(conversationId: string, presetId: string): void {
      upsertConversation.run(conversationId, JSON.stringify(preset(presetId).settings), presetId, 0);
    },

    presets: (): Preset[] => (selectPresets.all() as PresetRow[]).map(toPreset),

    preset,

    /** Saves a new preset, or changes one; conversations that follow it keep their settings until it is applied again. */
    savePreset({ id, name, settings }: { id?: string; name: string; settings: ChatSettings }, now = Date.now()): Preset {
      return db.transaction(() => {
        const sameName = selectPresetByName.get(name) as { id: string } | undefined;
        if (sameName && sameName.id !== id) throw new HearthError('PRESET_NAME_TAKEN', { details: `"${name}"` });
        const json = JSON.stringify(settings);
        if (id === undefined) {
          const created = randomUUID();
          insertPreset.run(created, name, json, now, now);
          return preset(created);
        }
        preset(id);
        updatePreset.run(name, json, now, id);
        markChanged.run(id, json);
        markSame.run(id, json);
        return preset(id);
      })();
    },

    deletePreset: (id: string): boolean => deletePreset.run(id).changes > 0,
  };
}

export type ChatSettingsRepository = ReturnType<typeof createChatSettingsRepository>;
