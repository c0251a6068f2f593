import { describe, expect, it } from 'vitest';
import { defaultChatSettings } from '../../src/api/contract.ts';
import { defaultGenerationSettings } from '../../src/chat/chat-service.ts';
import { replySettings } from '../../src/chat/conversation-settings.ts';
import { disclosedContext } from '../../src/chat/remote-disclosure.ts';
import type { ContextInclude } from '../../src/memory/context/assemble-context.ts';

const onDevice = { facts: true, passages: true } as const;
const defaults = (contextTokens: number | null, allowed: ContextInclude = onDevice) => ({
  generation: defaultGenerationSettings, systemPrompt: 'Hearth\u2019s own prompt', contextTokens, allowed,
});
const stored = (settings: Partial<typeof defaultChatSettings>, preset: { id: string; name: string } | null = null) => ({
  settings: { ...defaultChatSettings, ...settings }, preset, changedFromPreset: false,
});

describe('what a reply is written with', () => {
  it('takes Hearth\u2019s value wherever the conversation leaves one unset', () => {
    const reply = replySettings(stored({ temperature: 0.1 }), defaults(4096));
    expect(reply.generation).toEqual({ ...defaultGenerationSettings, systemPrompt: 'Hearth\u2019s own prompt', temperature: 0.1 });
    expect(reply.record).toEqual({
      systemPrompt: 'Hearth\u2019s own prompt', temperature: 0.1, topP: defaultGenerationSettings.topP, maxTokens: defaultGenerationSettings.maxTokens,
      contextTokens: 4096, preset: null,
    });
  });

  it('never lets the prompt fill more than the model holds', () => {
    expect(replySettings(stored({ contextTokens: 2048 }), defaults(4096)).contextTokens).toBe(2048);
    expect(replySettings(stored({ contextTokens: 8192 }), defaults(4096)).contextTokens).toBe(4096);
    expect(replySettings(stored({ contextTokens: 8192 }), defaults(null)).contextTokens).toBe(8192);
    expect(replySettings(stored({}), defaults(null)).contextTokens).toBeNull();
  });

  it('gives a reply the narrower of what the conversation and the disclosure level allow', () => {
    expect(replySettings(stored({ memories: 'pinned', documents: 'none' }), defaults(null)).include).toEqual({ facts: 'pinned', passages: false });
    expect(replySettings(stored({ memories: 'all', documents: 'pinned' }), defaults(null, disclosedContext.passages)).include)
      .toEqual({ facts: false, passages: 'pinned' });
    expect(replySettings(stored({}), defaults(null, disclosedContext.none)).include).toEqual({ facts: false, passages: false });
    expect(replySettings(stored({}, { id: 'p', name: 'Coder' }), defaults(null)).record.preset).toBe('Coder');
  });
});
