import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultChatSettings, type ChatSettings, type MethodResult } from '../../src/api/contract.ts';
import type { Core } from '../../src/core/core.ts';
import { replyDone } from '../helpers/core-events.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { useTestCores } from '../helpers/test-cores.ts';
import { unlockedForTests } from '../helpers/vault.ts';

const tempDir = useTempDirs();
const cores = useTestCores(unlockedForTests);

async function started(dataDir = tempDir()): Promise<Core> {
  const core = await cores.start(dataDir);
  expect((await core.modelLoad).state).toBe('ready');
  return core;
}

async function ask(core: Core, text: string, conversationId: string | null = null) {
  const sent = (await core.call('chat.send', { conversationId, text })) as MethodResult<'chat.send'>;
  return { conversationId: sent.conversation.id, reply: await replyDone(core, sent.assistantMessage.id) };
}

/** A conversation begun with a reply stopped at once, to be given settings. */
async function begun(core: Core): Promise<string> {
  const sent = (await core.call('chat.send', { conversationId: null, text: 'Hello' })) as MethodResult<'chat.send'>;
  const done = replyDone(core, sent.assistantMessage.id);
  await core.call('chat.stop', { messageId: sent.assistantMessage.id });
  await done;
  return sent.conversation.id;
}

const greedy = (systemPrompt: string): ChatSettings => ({ ...defaultChatSettings, systemPrompt, temperature: 0, maxTokens: 24 });

describe('a conversation\u2019s own settings', () => {
  it('writes its replies with its system prompt, temperature and reply length, and records them on the reply', async () => {
    const core = await started();
    const plain = await ask(core, 'Tell me a story');
    expect(plain.reply.context?.settings).toMatchObject({ systemPrompt: 'You are Hearth, a helpful assistant running privately on this computer.', temperature: 0.7, maxTokens: 1024 });
    const [cat, catAgain, sea] = [await begun(core), await begun(core), await begun(core)];
    const catSettings = greedy('Lily had a cat named Tom. Tom liked to play in the garden with a red ball.');
    await core.call('chatSettings.set', { conversationId: cat, settings: catSettings });
    await core.call('chatSettings.set', { conversationId: catAgain, settings: catSettings });
    await core.call('chatSettings.set', { conversationId: sea, settings: greedy('Ben went to the big sea with his mom. They saw a boat and a fish.') });

    const catReply = (await ask(core, 'What happened next?', cat)).reply;
    const catAgainReply = (await ask(core, 'What happened next?', catAgain)).reply;
    const seaReply = (await ask(core, 'What happened next?', sea)).reply;
    // At temperature 0 the same prompt gives the same reply; another system prompt, another one.
    expect(catReply.content).toBe(catAgainReply.content);
    expect(catReply.content).not.toBe(seaReply.content);
    expect(catReply.stats!.tokens).toBeLessThanOrEqual(24);
    expect(catReply.context?.settings).toMatchObject({ systemPrompt: catSettings.systemPrompt, temperature: 0, maxTokens: 24, preset: null });
  });

  it('keeps presets across a restart, applies one to a conversation and says when its settings were changed from it', async () => {
    const dataDir = tempDir();
    let core = await started(dataDir);
    const conversationId = await begun(core);
    const coder = (await core.call('presets.save', {
      name: 'Coder', settings: { ...defaultChatSettings, systemPrompt: 'You write careful TypeScript.', temperature: 0.2, maxTokens: 16 },
    })) as MethodResult<'presets.save'>;
    await expect(core.call('presets.save', { name: ' coder ', settings: defaultChatSettings })).rejects.toMatchObject({ code: 'PRESET_NAME_TAKEN' });

    let view = (await core.call('chatSettings.set', { conversationId, presetId: coder.id })) as MethodResult<'chatSettings.set'>;
    expect(view).toMatchObject({ preset: { id: coder.id, name: 'Coder' }, changedFromPreset: false, settings: { temperature: 0.2 } });
    view = (await core.call('chatSettings.set', { conversationId, settings: { ...view.settings, topP: 0.5 } })) as MethodResult<'chatSettings.set'>;
    expect(view).toMatchObject({ preset: { name: 'Coder' }, changedFromPreset: true, settings: { topP: 0.5 } });
    const reply = (await ask(core, 'And now?', conversationId)).reply;
    expect(reply.context?.settings).toMatchObject({ preset: 'Coder', temperature: 0.2, topP: 0.5, systemPrompt: 'You write careful TypeScript.' });

    const exported = (await core.call('data.export', {})) as MethodResult<'data.export'>;
    const json = JSON.parse(fs.readFileSync(path.join(exported.directory, 'hearth.json'), 'utf8')) as { presets: unknown; conversations: { settings: unknown }[] };
    expect(json.presets).toEqual([coder]);
    expect(json.conversations[0]!.settings).toEqual({ settings: view.settings, preset: { id: coder.id, name: 'Coder' }, changedFromPreset: true });
    const [markdown] = fs.readdirSync(path.join(exported.directory, 'conversations'));
    expect(fs.readFileSync(path.join(exported.directory, 'conversations', markdown!), 'utf8'))
      .toContain('Settings (preset Coder, changed): systemPrompt "You write careful TypeScript."; temperature 0.2; topP 0.5; maxTokens 16');

    await cores.stop(core);
    core = await started(dataDir);
    expect((await core.call('presets.list', {})) as MethodResult<'presets.list'>).toEqual([coder]);
    view = (await core.call('chatSettings.get', { conversationId })) as MethodResult<'chatSettings.get'>;
    expect(view).toMatchObject({ preset: { name: 'Coder' }, changedFromPreset: true, settings: { topP: 0.5 } });
    expect(view.defaults).toMatchObject({ temperature: 0.7, maxTokens: 1024 });
    expect(view.defaults.contextTokens).toBeGreaterThan(0);

    // Deleting the preset leaves the conversation's settings as they are.
    expect(await core.call('presets.delete', { id: coder.id })).toEqual({ deleted: true });
    view = (await core.call('chatSettings.get', { conversationId })) as MethodResult<'chatSettings.get'>;
    expect(view).toMatchObject({ preset: null, settings: { temperature: 0.2, topP: 0.5 } });
    await expect(core.call('chatSettings.set', { conversationId, presetId: coder.id })).rejects.toMatchObject({ code: 'PRESET_NOT_FOUND' });
    await expect(core.call('chatSettings.get', { conversationId: 'no-such-conversation' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.call('chatSettings.set', { conversationId, settings: { ...defaultChatSettings, temperature: 7 } }))
      .rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('gives a reply only the memories its conversation allows', async () => {
    const core = await started();
    await core.call('memory.add', { text: 'My sister is called Maple', pinned: true });
    await core.call('memory.add', { text: 'My dog Biscuit loves the park', pinned: false });
    const conversationId = await begun(core);
    const used = async (memories: ChatSettings['memories']) => {
      await core.call('chatSettings.set', { conversationId, settings: { ...defaultChatSettings, memories, maxTokens: 16 } });
      const { reply } = await ask(core, 'Tell me about Biscuit the dog', conversationId);
      return reply.context!.facts.map((fact) => fact.text).sort();
    };
    expect(await used('all')).toEqual(['My dog Biscuit loves the park', 'My sister is called Maple']);
    expect(await used('pinned')).toEqual(['My sister is called Maple']);
    expect(await used('none')).toEqual([]);
  });
});
