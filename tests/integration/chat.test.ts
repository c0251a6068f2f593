import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MethodResult } from '../../src/api/contract.ts';
import { createCore, type Core, type CoreConfig } from '../../src/core/core.ts';
import { nextEvent, replyDone } from '../helpers/core-events.ts';
import { demoModelPath, writeEndlessModel } from '../helpers/models.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { unlockedForTests } from '../helpers/vault.ts';

const tempDir = useTempDirs();
const cores: Core[] = [];

async function startCore(dataDir: string, config: Partial<CoreConfig> = {}): Promise<Core> {
  const core = await createCore({ mode: 'browser', dataDir, modelPath: demoModelPath, threads: 1, ...unlockedForTests, ...config });
  cores.push(core);
  const status = await core.modelLoad;
  expect(status.state).toBe('ready');
  return core;
}

async function closeCore(core: Core): Promise<void> {
  cores.splice(cores.indexOf(core), 1);
  await core.close();
}

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

const send = (core: Core, text: string, conversationId: string | null = null) =>
  core.call('chat.send', { conversationId, text }) as Promise<MethodResult<'chat.send'>>;

describe('chatting with the local model', () => {
  it('streams a reply, keeps the conversation after a restart and finds it by a word of the reply', async () => {
    const dataDir = tempDir();
    const core = await startCore(dataDir);
    let streamed = '';
    core.on((message) => {
      if (message.event === 'chat.token') streamed += (message.payload as { text: string }).text;
    });
    const { conversation, assistantMessage } = await send(core, 'Tell me a story about a dog');
    expect(assistantMessage.status).toBe('streaming');
    const reply = await replyDone(core, assistantMessage.id);
    expect(reply.status).toBe('complete');
    expect(reply.content).toBe(streamed);
    expect(reply.stats!.tokens).toBeGreaterThan(0);
    expect(reply.stats!.ttftMs).toBeGreaterThan(0);
    await closeCore(core);

    const restarted = await startCore(dataDir);
    const list = (await restarted.call('conversations.list', {})) as MethodResult<'conversations.list'>;
    expect(list.map((item) => item.id)).toEqual([conversation.id]);
    const { messages } = (await restarted.call('conversations.get', { id: conversation.id })) as MethodResult<'conversations.get'>;
    expect(messages.map((message) => [message.role, message.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ]);
    const word = reply.content.match(/[A-Za-z]{4,}/)![0];
    const hits = (await restarted.call('conversations.search', { query: word })) as MethodResult<'conversations.search'>;
    expect(hits.map((hit) => hit.messageId)).toContain(reply.id);
  });

  it('refuses an empty and a 1 MB message with clear errors and stores nothing', async () => {
    const core = await startCore(tempDir());
    await expect(send(core, '   \n')).rejects.toMatchObject({ code: 'MESSAGE_EMPTY' });
    await expect(send(core, 'x'.repeat(1024 * 1024))).rejects.toMatchObject({ code: 'MESSAGE_TOO_LONG' });
    await expect(core.call('chat.send', { text: 42 })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(core.call('no.such.method', {})).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(await core.call('conversations.list', {})).toEqual([]);
  });

  it('keeps a message too long for the model\u2019s context and says why it got no reply', async () => {
    const core = await startCore(tempDir());
    const text = 'The cat sat on the mat. '.repeat(1300);
    const { conversation, assistantMessage } = await send(core, text);
    const reply = await replyDone(core, assistantMessage.id);
    expect(reply).toMatchObject({ status: 'error', content: '', error: { code: 'PROMPT_TOO_LONG' } });
    const { messages } = (await core.call('conversations.get', { id: conversation.id })) as MethodResult<'conversations.get'>;
    expect(messages[0]).toMatchObject({ role: 'user', content: text });
  });

  it('writes the latest reply again as a new version, the old one a branch away, and refuses a second message while one streams', async () => {
    const core = await startCore(tempDir(), { generation: { temperature: 1, maxTokens: 60 } });
    const { conversation, assistantMessage } = await send(core, 'Once upon a time');
    await expect(send(core, 'And then?', conversation.id)).rejects.toMatchObject({ code: 'BUSY' });
    const first = await replyDone(core, assistantMessage.id);

    const { assistantMessage: again } = (await core.call('chat.regenerate', { messageId: first.id })) as MethodResult<'chat.regenerate'>;
    expect(again).toMatchObject({ status: 'streaming', content: '', parentId: first.parentId, branch: { index: 1, count: 2, previousId: first.id } });
    const second = await replyDone(core, again.id);
    expect(second.status).toBe('complete');
    const { messages } = (await core.call('conversations.get', { id: conversation.id })) as MethodResult<'conversations.get'>;
    expect(messages.map((message) => message.id)).toEqual([messages[0]!.id, again.id]);
    const shownBefore = (await core.call('chat.switchBranch', { messageId: first.id })) as MethodResult<'chat.switchBranch'>;
    expect(shownBefore.messages.at(-1)).toMatchObject({ id: first.id, content: first.content, branch: { index: 0, count: 2 } });
  });

  it('does not switch the model or the GPU under a reply that is still being written', async () => {
    const endless = await writeEndlessModel(tempDir());
    const core = await startCore(tempDir(), { modelPath: endless, generation: { maxTokens: 3000 } });
    const { assistantMessage } = await send(core, 'Hello');
    await nextEvent(core, 'chat.token');
    await expect(core.call('models.activate', { id: 'demo' })).rejects.toMatchObject({ code: 'BUSY' });
    await expect(core.call('models.useGpu', { enabled: false })).rejects.toMatchObject({ code: 'BUSY' });
    await core.call('chat.stop', { messageId: assistantMessage.id });
    expect((await replyDone(core, assistantMessage.id)).status).toBe('interrupted');
  });

  it('reports a worker crash mid-reply, keeps the text so far, and recovers', async () => {
    const endless = await writeEndlessModel(tempDir());
    const core = await startCore(tempDir(), { modelPath: endless, generation: { maxTokens: 3000 } });
    const { assistantMessage } = await send(core, 'Hello');
    await nextEvent(core, 'chat.token');
    process.kill(core.workerPid!, 'SIGKILL');

    const reply = await replyDone(core, assistantMessage.id);
    expect(reply.status).toBe('error');
    expect(reply.error).toMatchObject({ code: 'ENGINE_CRASHED' });
    expect(reply.content.length).toBeGreaterThan(0);

    await nextEvent(core, 'model.status', (status) => status.state === 'ready');
    const next = await send(core, 'Still there?', reply.conversationId);
    // Listening first: a reply stopped before its generation starts can end before chat.stop returns.
    const done = replyDone(core, next.assistantMessage.id);
    await core.call('chat.stop', { messageId: next.assistantMessage.id });
    const stopped = await done;
    expect(stopped.error).toBeNull();
    expect(stopped.status).toBe('interrupted');
  });

  it('keeps a reply that was streaming when the whole app was killed, as interrupted', async () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const endless = await writeEndlessModel(dir);
    const coreModule = path.resolve('src/core/core.ts');
    const script = `
      import { createCore } from ${JSON.stringify(coreModule)};
      const core = await createCore({ mode: 'browser', dataDir: ${JSON.stringify(dataDir)}, modelPath: ${JSON.stringify(endless)},
        threads: 1, generation: { maxTokens: 3000 }, ...${JSON.stringify(unlockedForTests)} });
      await core.modelLoad;
      let first = 0;
      core.on((m) => { if (m.event === 'chat.token' && !first) { first = Date.now(); setTimeout(() => console.log('streaming'), 800); } });
      await core.call('chat.send', { conversationId: null, text: 'Hello' });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const core = await startCore(dataDir, { modelPath: endless });
    const [conversation] = (await core.call('conversations.list', {})) as MethodResult<'conversations.list'>;
    const { messages } = (await core.call('conversations.get', { id: conversation!.id })) as MethodResult<'conversations.get'>;
    expect(messages[1]!.status).toBe('interrupted');
    expect(messages[1]!.content.length).toBeGreaterThan(0);
  });
});
