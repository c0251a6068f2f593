import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Message, MethodResult } from '../../src/api/contract.ts';
import type { Core } from '../../src/core/core.ts';
import { schemaVersion } from '../../src/store/migrations.ts';
import { openStore } from '../../src/store/store.ts';
import { replyDone } from '../helpers/core-events.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { useTestCores } from '../helpers/test-cores.ts';
import { unlockedForTests } from '../helpers/vault.ts';

const tempDir = useTempDirs();
const cores = useTestCores({ ...unlockedForTests, generation: { maxTokens: 16 } });

async function started(dataDir = tempDir()): Promise<Core> {
  const core = await cores.start(dataDir);
  expect((await core.modelLoad).state).toBe('ready');
  return core;
}

async function send(core: Core, text: string, conversationId: string | null = null) {
  const sent = (await core.call('chat.send', { conversationId, text })) as MethodResult<'chat.send'>;
  await replyDone(core, sent.assistantMessage.id);
  return sent;
}

const shown = async (core: Core, id: string, showMessageId?: string) =>
  ((await core.call('conversations.get', { id, ...(showMessageId ? { showMessageId } : {}) })) as MethodResult<'conversations.get'>).messages;
const texts = (messages: Message[]) => messages.filter((message) => message.role === 'user').map((message) => message.content);

describe('editing a message and moving between branches', () => {
  it('sends an edited message as a new branch, keeps the old one, and shows the branch chosen after a restart', async () => {
    const dataDir = tempDir();
    let core = await started(dataDir);
    const first = await send(core, 'Tell me about a cat');
    const conversationId = first.conversation.id;
    const second = await send(core, 'What did the cat eat?', conversationId);

    const edited = (await core.call('chat.edit', { messageId: second.userMessage.id, text: 'What did the dog eat?' })) as MethodResult<'chat.edit'>;
    const reply = await replyDone(core, edited.assistantMessage.id);
    expect(reply.status).toBe('complete');
    let messages = await shown(core, conversationId);
    expect(texts(messages)).toEqual(['Tell me about a cat', 'What did the dog eat?']);
    expect(messages.map((message) => message.id)).toEqual([first.userMessage.id, first.assistantMessage.id, edited.userMessage.id, reply.id]);
    expect(messages[2]!.branch).toEqual({ index: 1, count: 2, previousId: second.userMessage.id, nextId: null });
    expect(messages[0]!.branch).toBeUndefined();

    const switched = ((await core.call('chat.switchBranch', { messageId: second.userMessage.id })) as MethodResult<'chat.switchBranch'>).messages;
    expect(switched.map((message) => message.id)).toEqual([first.userMessage.id, first.assistantMessage.id, second.userMessage.id, second.assistantMessage.id]);
    expect(switched[2]!.branch).toEqual({ index: 0, count: 2, previousId: null, nextId: edited.userMessage.id });

    await cores.stop(core);
    core = await started(dataDir);
    expect(texts(await shown(core, conversationId))).toEqual(['Tell me about a cat', 'What did the cat eat?']);
    // The next message follows the branch shown.
    const third = await send(core, 'And then?', conversationId);
    expect(texts(await shown(core, conversationId))).toEqual(['Tell me about a cat', 'What did the cat eat?', 'And then?']);
    expect(third.userMessage.parentId).toBe(second.assistantMessage.id);

    // The other branch is still searchable, and opening what a search found shows its branch.
    const hits = (await core.call('conversations.search', { query: 'dog' })) as MethodResult<'conversations.search'>;
    expect(hits.map((hit) => hit.messageId)).toContain(edited.userMessage.id);
    expect(texts(await shown(core, conversationId, edited.userMessage.id))).toEqual(['Tell me about a cat', 'What did the dog eat?']);

    const exported = (await core.call('data.export', {})) as MethodResult<'data.export'>;
    const json = JSON.parse(fs.readFileSync(path.join(exported.directory, 'hearth.json'), 'utf8')) as {
      conversations: { messages: Message[]; shown: string[] }[];
    };
    expect(json.conversations[0]!.messages).toHaveLength(8);
    expect(json.conversations[0]!.shown).toEqual([first.userMessage.id, first.assistantMessage.id, edited.userMessage.id, reply.id]);
    expect(json.conversations[0]!.messages.find((message) => message.id === edited.userMessage.id)!.parentId).toBe(first.assistantMessage.id);
    const [markdown] = fs.readdirSync(path.join(exported.directory, 'conversations'));
    const text = fs.readFileSync(path.join(exported.directory, 'conversations', markdown!), 'utf8');
    expect(text.indexOf('What did the dog eat?')).toBeLessThan(text.indexOf('# Other branches'));
    expect(text.slice(text.indexOf('# Other branches'))).toContain('What did the cat eat?');
  });

  it('edits the first message as a new beginning, and refuses what cannot be edited with clear errors', async () => {
    const core = await started();
    const first = await send(core, 'Once upon a time');
    const conversationId = first.conversation.id;
    await expect(core.call('chat.edit', { messageId: first.assistantMessage.id, text: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.call('chat.edit', { messageId: first.userMessage.id, text: '  ' })).rejects.toMatchObject({ code: 'MESSAGE_EMPTY' });

    const edited = (await core.call('chat.edit', { messageId: first.userMessage.id, text: 'Long ago' })) as MethodResult<'chat.edit'>;
    expect(edited.userMessage.parentId).toBeNull();
    await expect(core.call('chat.switchBranch', { messageId: first.userMessage.id })).rejects.toMatchObject({ code: 'BUSY' });
    await expect(core.call('chat.edit', { messageId: edited.userMessage.id, text: 'Again' })).rejects.toMatchObject({ code: 'BUSY' });
    await replyDone(core, edited.assistantMessage.id);
    const messages = await shown(core, conversationId);
    expect(texts(messages)).toEqual(['Long ago']);
    expect(messages[0]!.branch).toMatchObject({ index: 1, count: 2 });
  });

  it('reads a conversation written before branches as one branch, in order', () => {
    const dataDir = tempDir();
    const older = openStore(dataDir, { key: Buffer.alloc(32, 7) });
    const conversation = older.conversations.create('Before branches');
    const written = ['one', 'two', 'three'].map((content, index) =>
      older.messages.insert({ conversationId: conversation.id, role: index % 2 === 0 ? 'user' : 'assistant', content, status: 'complete' }));
    // As the schema stood before issue 14's migration.
    older.db.exec(`
      ALTER TABLE messages DROP COLUMN tool_calls;
      DROP TABLE conversation_settings; DROP TABLE presets; DROP INDEX messages_by_parent;
      ALTER TABLE messages DROP COLUMN parent_id; ALTER TABLE conversations DROP COLUMN leaf_id;`);
    older.db.pragma(`user_version = ${schemaVersion - 2}`);
    older.close();

    const upgraded = openStore(dataDir, { key: Buffer.alloc(32, 7) });
    const messages = upgraded.messages.listByConversation(conversation.id);
    expect(messages.map((message) => message.content)).toEqual(['one', 'two', 'three']);
    expect(messages.map((message) => message.parentId)).toEqual([null, written[0]!.id, written[1]!.id]);
    expect(upgraded.messages.isLastInConversation(conversation.id, written[2]!.id)).toBe(true);
    upgraded.close();
  });
});
