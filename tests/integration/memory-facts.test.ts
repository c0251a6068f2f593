import { afterEach, describe, expect, it } from 'vitest';
import type { MethodResult } from '../../src/api/contract.ts';
import { createCore, type Core } from '../../src/core/core.ts';
import { nextEvent, replyDone } from '../helpers/core-events.ts';
import { demoModelPath } from '../helpers/models.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { unlockedForTests } from '../helpers/vault.ts';

const tempDir = useTempDirs();
const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

async function start(dataDir: string): Promise<Core> {
  const core = await createCore({ mode: 'browser', dataDir, modelPath: demoModelPath, threads: 1, generation: { maxTokens: 24 }, ...unlockedForTests });
  cores.push(core);
  expect((await core.modelLoad).state).toBe('ready');
  return core;
}

const call = <M extends Parameters<Core['call']>[0]>(core: Core, method: M, params: unknown) => core.call(method, params);

describe('long-term memory through the API', () => {
  it('adds, edits, pins and deletes facts, announces each change, and keeps them after a restart', async () => {
    const dataDir = tempDir();
    const core = await start(dataDir);
    expect(await call(core, 'memory.list', {})).toEqual([]);

    const changed = nextEvent(core, 'memory.changed');
    const added = (await call(core, 'memory.add', { text: '  The user has a dog called Rex.  ' })) as MethodResult<'memory.add'>;
    await changed;
    expect(added).toMatchObject({ text: 'The user has a dog called Rex.', pinned: false, sourceMessageId: null });

    const edited = (await call(core, 'memory.update', { id: added.id, text: 'The user has two dogs.', pinned: true })) as MethodResult<'memory.update'>;
    expect(edited).toMatchObject({ text: 'The user has two dogs.', pinned: true });
    const other = (await call(core, 'memory.add', { text: 'The user lives in Oslo.' })) as MethodResult<'memory.add'>;
    const listed = (await call(core, 'memory.list', {})) as MethodResult<'memory.list'>;
    expect(listed.map((fact) => fact.text)).toEqual(['The user has two dogs.', 'The user lives in Oslo.']);

    expect(await call(core, 'memory.delete', { id: other.id })).toEqual({ deleted: true });
    expect(await call(core, 'memory.delete', { id: other.id })).toEqual({ deleted: false });
    await core.close();
    cores.splice(0);

    const reopened = await start(dataDir);
    expect(((await call(reopened, 'memory.list', {})) as MethodResult<'memory.list'>).map((fact) => fact.text)).toEqual(['The user has two dogs.']);
  });

  it('gives a reply the pinned and relevant memories, and records them on the reply as used memory', async () => {
    const core = await start(tempDir());
    const pinned = (await call(core, 'memory.add', { text: 'The user is called Ada.', pinned: true })) as MethodResult<'memory.add'>;
    const related = (await call(core, 'memory.add', { text: 'The user keeps bees in the garden.' })) as MethodResult<'memory.add'>;
    await call(core, 'memory.add', { text: 'The user drives a red car.' });

    const sent = (await call(core, 'chat.send', { conversationId: null, text: 'What should I plant in my garden?' })) as MethodResult<'chat.send'>;
    const reply = await replyDone(core, sent.assistantMessage.id);
    const used = reply.context?.facts.map((fact) => fact.id) ?? [];
    expect(used).toContain(pinned.id);
    expect(used).toContain(related.id);
    expect(reply.context?.facts.find((fact) => fact.id === pinned.id)?.reason).toBe('pinned');
    expect(reply.context?.timings.assembleMs).toBeGreaterThanOrEqual(0);

    const { messages } = (await call(core, 'conversations.get', { id: sent.conversation.id })) as MethodResult<'conversations.get'>;
    expect(messages[1]?.context?.facts.map((fact) => fact.id)).toEqual(used);
  });

  it('refuses empty or overlong facts, unknown facts, and a source message that does not exist', async () => {
    const core = await start(tempDir());
    await expect(call(core, 'memory.add', { text: '   ' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(call(core, 'memory.add', { text: 'x'.repeat(501) })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(call(core, 'memory.update', { id: 'missing', pinned: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call(core, 'memory.add', { text: 'A fact', sourceMessageId: 'missing' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('proposes facts from a chat with the local model under a JSON grammar, and stores none until accepted', async () => {
    const core = await start(tempDir());
    const sent = (await call(core, 'chat.send', { conversationId: null, text: 'My name is Ada and I love tea.' })) as MethodResult<'chat.send'>;
    await replyDone(core, sent.assistantMessage.id);

    const { proposals } = (await call(core, 'memory.propose', { conversationId: sent.conversation.id })) as MethodResult<'memory.propose'>;
    for (const proposal of proposals) {
      expect(proposal.text.trim()).toBe(proposal.text);
      expect(proposal.text).toMatch(/[\p{L}\p{N}]/u);
      expect(proposal.sourceMessageId).toBe(sent.userMessage.id);
    }
    expect(await call(core, 'memory.list', {})).toEqual([]);

    const accepted = (await call(core, 'memory.add', { text: 'The user is called Ada.', sourceMessageId: sent.userMessage.id })) as MethodResult<'memory.add'>;
    expect(accepted.sourceMessageId).toBe(sent.userMessage.id);
    await expect(call(core, 'memory.propose', { conversationId: 'missing' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
