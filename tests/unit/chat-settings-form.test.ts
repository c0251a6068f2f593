import { describe, expect, it } from 'vitest';
import { defaultChatSettings } from '../../src/api/contract.ts';
import { fromFields, settingsLabel, toFields } from '../../renderer/src/chat-settings/settings-form.ts';

describe('the chat settings panel\u2019s fields', () => {
  it('reads empty fields as Hearth\u2019s defaults and round-trips every value', () => {
    expect(fromFields(toFields(defaultChatSettings))).toEqual({ settings: defaultChatSettings });
    const custom = { ...defaultChatSettings, systemPrompt: 'Answer in French.', temperature: 0.2, topP: 0.95, maxTokens: 512, contextTokens: 2048, memories: 'pinned' as const };
    expect(fromFields(toFields(custom))).toEqual({ settings: custom });
    expect(fromFields({ ...toFields(defaultChatSettings), systemPrompt: '   ' })).toEqual({ settings: defaultChatSettings });
  });

  it('says which values are out of range, in words', () => {
    const result = fromFields({ ...toFields(defaultChatSettings), temperature: '3', topP: '0', maxTokens: '100.5', contextTokens: 'lots' });
    expect(result).toEqual({
      problems: [
        'Temperature must be a number from 0 to 2, or empty for Hearth\u2019s default.',
        'Top-p must be a number above 0 and at most 1, or empty for Hearth\u2019s default.',
        'Longest reply must be a whole number from 16 to 16384, or empty for Hearth\u2019s default.',
        'Context size must be a whole number from 512 to 262144, or empty for Hearth\u2019s default.',
      ],
    });
  });

  it('names the preset in the header, and says when the settings were changed from it', () => {
    expect(settingsLabel({ preset: null, changedFromPreset: false, settings: defaultChatSettings })).toBe('Default settings');
    expect(settingsLabel({ preset: null, changedFromPreset: false, settings: { ...defaultChatSettings, documents: 'none' } })).toBe('Custom settings');
    expect(settingsLabel({ preset: { name: 'Coder' }, changedFromPreset: false, settings: defaultChatSettings })).toBe('Coder');
    expect(settingsLabel({ preset: { name: 'Coder' }, changedFromPreset: true, settings: defaultChatSettings })).toBe('Coder (changed)');
  });
});
