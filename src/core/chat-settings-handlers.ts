/**
 * The calls for a conversation's own settings and the saved presets, with
 * Hearth's defaults beside them so that the settings panel can show what a
 * value left to Hearth means now.
 */
import type { ChatSettingsView, EventName, EventPayload } from '../api/contract.ts';
import { HearthError } from '../api/errors.ts';
import type { GenerationSettings } from '../engine/protocol.ts';
import type { Store } from '../store/store.ts';
import type { Handlers } from './dispatch.ts';

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface ChatSettingsHandlersOptions {
  store: Store;
  generation: GenerationSettings;
  /** The loaded model's context window; null while none is loaded. */
  modelContextTokens: () => number | null;
  emit: Emit;
}

type ChatSettingsHandlers = Pick<Handlers, 'chatSettings.get' | 'chatSettings.set' | 'presets.list' | 'presets.save' | 'presets.delete'>;

export function chatSettingsHandlers({ store, generation, modelContextTokens, emit }: ChatSettingsHandlersOptions): ChatSettingsHandlers {
  function view(conversationId: string): ChatSettingsView {
    if (!store.conversations.get(conversationId)) throw new HearthError('NOT_FOUND');
    const { systemPrompt, temperature, topP, maxTokens } = generation;
    return {
      conversationId,
      ...store.chatSettings.forConversation(conversationId),
      defaults: { systemPrompt, temperature, topP, maxTokens, contextTokens: modelContextTokens() },
    };
  }

  return {
    'chatSettings.get': ({ conversationId }) => view(conversationId),
    'chatSettings.set': (params) => {
      view(params.conversationId);
      if ('presetId' in params) store.chatSettings.applyPreset(params.conversationId, params.presetId);
      else store.chatSettings.setForConversation(params.conversationId, params.settings);
      const changed = view(params.conversationId);
      emit('chatSettings.changed', changed);
      return changed;
    },
    'presets.list': () => store.chatSettings.presets(),
    'presets.save': (preset) => {
      const saved = store.chatSettings.savePreset(preset);
      emit('presets.changed', {});
      return saved;
    },
    'presets.delete': ({ id }) => {
      const deleted = store.chatSettings.deletePreset(id);
      if (deleted) emit('presets.changed', {});
      return { deleted };
    },
  };
}
