/** A conversation's own settings and the saved presets, as the core last said, kept fresh by its events. */
import { useEffect, useState } from 'react';
import type { ChatSettings, ChatSettingsView, ErrorPayload, HearthApi, Preset } from '../../../src/api/index.ts';
import { asErrorPayload } from '../bridge/callError.ts';
import { useAttempt } from '../bridge/useAttempt.ts';

export interface ChatSettingsController {
  /** Null until the first answer, and for a chat not saved yet. */
  view: ChatSettingsView | null;
  presets: Preset[];
  error: ErrorPayload | null;
  /** Each resolves true once saved, false when refused (the error then says why). */
  save(settings: ChatSettings): Promise<boolean>;
  applyPreset(presetId: string): Promise<boolean>;
  savePreset(name: string, settings: ChatSettings, id?: string): Promise<boolean>;
  deletePreset(id: string): Promise<boolean>;
}

export function useChatSettings(api: HearthApi, conversationId: string | null): ChatSettingsController {
  const [view, setView] = useState<ChatSettingsView | null>(null);
  const [presets, setPresets] = useState<Preset[]>([]);
  const { error, setError, attempt } = useAttempt();

  useEffect(() => {
    setView(null);
    setError(null);
    if (conversationId === null) return;
    let active = true;
    const load = () =>
      api.call('chatSettings.get', { conversationId }).then(
        (loaded) => active && setView(loaded),
        (failure: unknown) => active && setError(asErrorPayload(failure)),
      );
    void load();
    const offChanged = api.on('chatSettings.changed', (changed) => {
      if (changed.conversationId === conversationId) setView(changed);
    });
    // A preset changed or deleted changes what the header says of the conversation that follows it.
    const offPresets = api.on('presets.changed', () => void load());
    return () => {
      active = false;
      offChanged();
      offPresets();
    };
  }, [api, conversationId, setError]);

  useEffect(() => {
    let active = true;
    const load = () => api.call('presets.list', {}).then((list) => active && setPresets(list), () => undefined);
    void load();
    const off = api.on('presets.changed', () => void load());
    return () => {
      active = false;
      off();
    };
  }, [api]);

  return {
    view, presets, error,
    save: (settings) => attempt(async () => conversationId !== null && setView(await api.call('chatSettings.set', { conversationId, settings }))),
    applyPreset: (presetId) => attempt(async () => conversationId !== null && setView(await api.call('chatSettings.set', { conversationId, presetId }))),
    savePreset: (name, settings, id) => attempt(() => api.call('presets.save', { name, settings, ...(id === undefined ? {} : { id }) })),
    deletePreset: (id) => attempt(() => api.call('presets.delete', { id })),
  };
}
