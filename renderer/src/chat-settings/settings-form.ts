/**
 * The settings panel's fields as typed: text, where an empty field leaves
 * the value to Hearth; read back into settings with a sentence for each
 * value out of range, before anything is sent.
 */
import type { ChatSettings, ContextUse } from '../../../src/api/index.ts';

export interface SettingsFields {
  systemPrompt: string;
  temperature: string;
  topP: string;
  maxTokens: string;
  contextTokens: string;
  memories: ContextUse;
  documents: ContextUse;
}

const text = (value: number | null) => (value === null ? '' : String(value));

export function toFields(settings: ChatSettings): SettingsFields {
  return {
    systemPrompt: settings.systemPrompt ?? '', temperature: text(settings.temperature), topP: text(settings.topP),
    maxTokens: text(settings.maxTokens), contextTokens: text(settings.contextTokens), memories: settings.memories, documents: settings.documents,
  };
}

interface NumberRule {
  label: string;
  min: number;
  max: number;
  whole: boolean;
  /** The lower bound itself is not allowed (top-p 0 would allow no word at all). */
  aboveMin?: boolean;
}

const rules = {
  temperature: { label: 'Temperature', min: 0, max: 2, whole: false },
  topP: { label: 'Top-p', min: 0, max: 1, whole: false, aboveMin: true },
  maxTokens: { label: 'Longest reply', min: 16, max: 16_384, whole: true },
  contextTokens: { label: 'Context size', min: 512, max: 262_144, whole: true },
} satisfies Record<string, NumberRule>;

function number(field: string, rule: NumberRule): { value: number | null; problem: string | null } {
  const trimmed = field.trim();
  if (trimmed === '') return { value: null, problem: null };
  const value = Number(trimmed);
  const low = rule.aboveMin ? value <= rule.min : value < rule.min;
  if (!Number.isFinite(value) || low || value > rule.max || (rule.whole && !Number.isInteger(value))) {
    const kind = rule.whole ? 'a whole number' : 'a number';
    const range = rule.aboveMin ? `above ${rule.min} and at most ${rule.max}` : `from ${rule.min} to ${rule.max}`;
    return { value: null, problem: `${rule.label} must be ${kind} ${range}, or empty for Hearth\u2019s default.` };
  }
  return { value, problem: null };
}

/** The settings the fields stand for, or the sentences saying which values are out of range. */
export function fromFields(fields: SettingsFields): { settings: ChatSettings } | { problems: string[] } {
  const temperature = number(fields.temperature, rules.temperature);
  const topP = number(fields.topP, rules.topP);
  const maxTokens = number(fields.maxTokens, rules.maxTokens);
  const contextTokens = number(fields.contextTokens, rules.contextTokens);
  const problems = [temperature, topP, maxTokens, contextTokens].flatMap((parsed) => (parsed.problem === null ? [] : [parsed.problem]));
  if (problems.length > 0) return { problems };
  const systemPrompt = fields.systemPrompt.trim();
  return {
    settings: {
      systemPrompt: systemPrompt === '' ? null : systemPrompt, temperature: temperature.value, topP: topP.value, maxTokens: maxTokens.value,
      contextTokens: contextTokens.value, memories: fields.memories, documents: fields.documents,
    },
  };
}

/** What the chat header says of a conversation's settings. */
export function settingsLabel(view: { preset: { name: string } | null; changedFromPreset: boolean; settings: ChatSettings }): string {
  if (view.preset !== null) return view.changedFromPreset ? `${view.preset.name} (changed)` : view.preset.name;
  const { memories, documents, ...values } = view.settings;
  const custom = Object.values(values).some((value) => value !== null) || memories !== 'all' || documents !== 'all';
  return custom ? 'Custom settings' : 'Default settings';
}
