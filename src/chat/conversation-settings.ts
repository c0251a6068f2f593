/**
 * What a reply is written with, from its conversation's settings: each
 * value the conversation leaves null is Hearth's; the memories and
 * documents it allows are narrowed further, off this device, by the
 * person's disclosure level; and its context size never exceeds what the
 * model holds.
 */
import type { ContextUse, ReplyContext } from '../api/contract.ts';
import type { GenerationSettings } from '../engine/protocol.ts';
import type { ContextInclude } from '../memory/context/assemble-context.ts';
import type { StoredChatSettings } from '../store/chat-settings.ts';

export interface ReplySettings {
  generation: GenerationSettings;
  /** The prompt's limit in tokens: the model's window, or less where the conversation asks; null where none is known. */
  contextTokens: number | null;
  include: ContextInclude;
  /** As recorded on the reply. */
  record: NonNullable<ReplyContext['settings']>;
}

const included = (use: ContextUse): boolean | 'pinned' => (use === 'all' ? true : use === 'pinned' ? 'pinned' : false);

/** The narrower of two permissions: what both allow. */
function narrower(a: boolean | 'pinned', b: boolean | 'pinned'): boolean | 'pinned' {
  if (a === false || b === false) return false;
  return a === 'pinned' || b === 'pinned' ? 'pinned' : true;
}

export function replySettings(
  stored: StoredChatSettings,
  defaults: { generation: GenerationSettings; systemPrompt: string; contextTokens: number | null; allowed: ContextInclude },
): ReplySettings {
  const { settings } = stored;
  const generation: GenerationSettings = {
    ...defaults.generation,
    systemPrompt: settings.systemPrompt ?? defaults.systemPrompt,
    temperature: settings.temperature ?? defaults.generation.temperature,
    topP: settings.topP ?? defaults.generation.topP,
    maxTokens: settings.maxTokens ?? defaults.generation.maxTokens,
  };
  const contextTokens =
    settings.contextTokens === null ? defaults.contextTokens
      : defaults.contextTokens === null ? settings.contextTokens
        : Math.min(settings.contextTokens, defaults.contextTokens);
  return {
    generation,
    contextTokens,
    include: {
      facts: narrower(included(settings.memories), defaults.allowed.facts),
      passages: narrower(included(settings.documents), defaults.allowed.passages),
    },
    record: {
      systemPrompt: generation.systemPrompt, temperature: generation.temperature, topP: generation.topP, maxTokens: generation.maxTokens,
      contextTokens, preset: stored.preset?.name ?? null,
    },
  };
}
