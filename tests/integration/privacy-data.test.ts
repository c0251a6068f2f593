import fs from 'node:fs';
import path from 'node:path';
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
  const core = await createCore({ mode: 'browser', dataDir, modelPath: demoModelPath, threads: 1, generation: { maxTokens: 16 }, ...unlockedForTests });
  cores.push(core);
  expect((await core.modelLoad).state).toBe('ready');
  return core;
}

/** A conversation, a memory and a document, as a user would leave them. */
async function fill(core: Core, dir: string) {
  const sent = (await core.call('chat.send', { conversationId: null, text: 'Write about the purple giraffe' })) as MethodResult<'chat.send'>;
  const reply = await replyDone(core, sent.assistantMessage.id);
  await core.call('memory.add', { text: 'The user likes purple giraffes.', pinned: true });
  const note = path.join(dir, 'giraffes.md');
  fs.writeFileSync(note, 'Giraffes are tall.\n');
  const ready = nextEvent(core, 'documents.changed', ({ document }) => document?.status === 'ready');
  await core.call('documents.add', { path: note });
  await ready;
  return { sent, reply };
}

describe('export and wipe', () => {
  it('exports conversations, memory and documents as JSON and Markdown', async () => {
    const dataDir = tempDir();
    const core = await start(dataDir);
    const { sent, reply } = await fill(core, tempDir());

    const result = (await core.call('data.export', {})) as MethodResult<'data.export'>;
    expect(result).toMatchObject({ conversations: 1, messages: 2, facts: 1, documents: 1 });
    const json = JSON.parse(fs.readFileSync(path.join(result.directory, 'hearth.json'), 'utf8'));
    expect(json.conversations[0].conversation.id).toBe(sent.conversation.id);
    expect(json.conversations[0].messages.map((message: { content: string }) => message.content)).toEqual(['Write about the purple giraffe', reply.content]);
    expect(json.memory[0].text).toBe('The user likes purple giraffes.');
    expect(json.documents[0]).toMatchObject({ name: 'giraffes.md', status: 'ready' });

    const [markdownFile] = fs.readdirSync(path.join(result.directory, 'conversations'));
    expect(markdownFile).toMatch(/^write-about-the-purple-giraffe-[0-9a-f]{8}\.md$/);
    const markdown = fs.readFileSync(path.join(result.directory, 'conversations', markdownFile!), 'utf8');
    expect(markdown).toContain('# Write about the purple giraffe');
    expect(markdown).toContain(reply.content);
    expect(fs.readFileSync(path.join(result.directory, 'memory.md'), 'utf8')).toContain('- The user likes purple giraffes. (pinned)');
    expect(fs.readFileSync(path.join(result.directory, 'documents.md'), 'utf8')).toContain('giraffes.md');
  });

  it('wipes everything personal after the typed confirmation, keeps the models, and starts over as new', async () => {
    const dataDir = tempDir();
    const core = await start(dataDir);
    await fill(core, tempDir());
    await core.call('data.export', {});
    const modelsDir = path.join(dataDir, 'models');
    fs.mkdirSync(modelsDir, { recursive: true });
    fs.writeFileSync(path.join(modelsDir, 'keep.gguf'), 'a model the user downloaded');

    await expect(core.call('data.wipe', { confirm: 'yes' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(await core.call('conversations.list', {})).toHaveLength(1);

    const announced = nextEvent(core, 'vault.status');
    expect(await core.call('data.wipe', { confirm: 'wipe' })).toMatchObject({ state: 'new' });
    expect(await announced).toMatchObject({ state: 'new' });
    expect(fs.readdirSync(dataDir).sort()).toEqual(['hearth.lock', 'models']);
    expect(fs.readdirSync(modelsDir)).toContain('keep.gguf');
    await expect(core.call('conversations.list', {})).rejects.toMatchObject({ code: 'VAULT_LOCKED' });

    await core.call('vault.create', { passphrase: 'a fresh start here' });
    expect(await core.call('conversations.list', {})).toEqual([]);
    expect(await core.call('memory.list', {})).toEqual([]);
    expect(await core.call('documents.list', {})).toEqual([]);
  });
});
