/**
 * The contract's part for a conversation's own settings (issue 14): its
 * system prompt, sampling, reply length, context size and which memories
 * and documents its replies may use; and the presets a person saves
 * ("Coder", "Translator") to give a conversation those settings at once.
 */
import { z } from 'zod';

const id = z.string().min(1).max(64);

/** Longest system prompt, in characters. */
export const MAX_SYSTEM_PROMPT_CHARS = 8_000;

/** all: every relevant one; pinned: only those pinned (memories pinned, documents pinned to this conversation); none. */
export const contextUseSchema = z.enum(['all', 'pinned', 'none']);

/** A conversation's settings: null leaves a value to Hearth's default (`chatSettingsView.defaults`). */
export const chatSettingsSchema = z.object({
  systemPrompt: z.string().trim().max(MAX_SYSTEM_PROMPT_CHARS).nullable(),
  temperature: z.number().min(0).max(2).nullable(),
  topP: z.number().gt(0).max(1).nullable(),
  /** The longest reply, in tokens. */
  maxTokens: z.int().min(16).max(16_384).nullable(),
  /** The most of the model's context window a reply's prompt may fill, in tokens (never more than the model holds). */
  contextTokens: z.int().min(512).max(262_144).nullable(),
  memories: contextUseSchema,
  documents: contextUseSchema,
});

/** Hearth's own settings, which a conversation's null values stand for. */
export const chatSettingsDefaultsSchema = z.object({
  systemPrompt: z.string(),
  temperature: z.number(),
  topP: z.number(),
  maxTokens: z.int(),
  /** The loaded model's context window; null while no model is loaded. */
  contextTokens: z.int().nullable(),
});

export const presetNameSchema = z.string().trim().min(1).max(60);

export const presetSchema = z.object({
  id,
  name: z.string(),
  settings: chatSettingsSchema,
  createdAt: z.number(),
  updatedAt: z.number(),
});

/** A conversation's settings as its header shows them: the preset it follows, if any, and whether they differ from it. */
export const chatSettingsViewSchema = z.object({
  conversationId: id,
  settings: chatSettingsSchema,
  /** The preset last applied; null for none (or once it was deleted). */
  preset: z.object({ id, name: z.string() }).nullable(),
  /** The settings were changed after the preset was applied. */
  changedFromPreset: z.boolean(),
  defaults: chatSettingsDefaultsSchema,
});

export const chatSettingsMethods = {
  'chatSettings.get': { params: z.object({ conversationId: id }), result: chatSettingsViewSchema },
  /** Changes a conversation's settings; with `presetId`, its settings become the preset's (and `settings` is left out). */
  'chatSettings.set': {
    params: z.union([
      z.object({ conversationId: id, settings: chatSettingsSchema }),
      z.object({ conversationId: id, presetId: id }),
    ]),
    result: chatSettingsViewSchema,
  },
  'presets.list': { params: z.object({}), result: z.array(presetSchema) },
  /** Saves a preset: a new one, or with `id`, changes that one. Names are unique, compared without case (PRESET_NAME_TAKEN). */
  'presets.save': { params: z.object({ id: id.optional(), name: presetNameSchema, settings: chatSettingsSchema }), result: presetSchema },
  /** Deletes a preset; conversations that followed it keep their settings. */
  'presets.delete': { params: z.object({ id }), result: z.object({ deleted: z.boolean() }) },
} as const;

export const chatSettingsEvents = {
  /** The presets changed: list them again. */
  'presets.changed': z.object({}),
  /** A conversation's settings changed. */
  'chatSettings.changed': chatSettingsViewSchema,
} as const;

export type ContextUse = z.output<typeof contextUseSchema>;
export type ChatSettings = z.output<typeof chatSettingsSchema>;
export type ChatSettingsDefaults = z.output<typeof chatSettingsDefaultsSchema>;
export type ChatSettingsView = z.output<typeof chatSettingsViewSchema>;
export type Preset = z.output<typeof presetSchema>;

/** A new conversation's settings: every value Hearth's, every memory and document usable. */
export const defaultChatSettings: ChatSettings = {
  systemPrompt: null, temperature: null, topP: null, maxTokens: null, contextTokens: null, memories: 'all', documents: 'all',
};
