/**
 * A message sent right after unlocking, while the model still loads, is
 * kept and answered once the model is ready; it can be stopped while it
 * waits, and ends with the load's own error when the model cannot load.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MethodResult, ModelStatus } from '../../src/api/contract.ts';
import { createCore, type Core, type CoreConfig } from '../../src/core/core.ts';
import { replyDone } from '../helpers/core-events.ts';
import { demoModelPath, writeTruncatedModel } from '../helpers/models.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { cheapKdfCost, testPassphrase } from '../helpers/vault.ts';

const tempDir = useTempDirs();
const cores: Core[] = [];

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

/** A core whose data is not created yet: the model starts loading when the person sets the passphrase. */
async function startLocked(config: Partial<CoreConfig> = {}): Promise<Core> {
  const core = await createCore({ mode: 'browser', dataDir: tempDir(), modelPath: demoModelPath, threads: 1, kdfCost: cheapKdfCost, ...config });
  cores.push(core);
  return core;
}

const send = (core: Core, text: string, conversationId: string | null = null) =>
  core.call('chat.send', { conversationId, text }) as Promise<MethodResult<'chat.send'>>;
const modelState = async (core: Core) => ((await core.call('model.status', {})) as ModelStatus).state;

describe('a message sent while the model loads', () => {
  it('is kept, waits for the model and is answered', async () => {
    const core = await startLocked();
    await core.call('vault.create', { passphrase: testPassphrase });
    expect(await modelState(core)).toBe('loading');

    const { conversation, assistantMessage } = await send(core, 'Tell me a story about a dog');
    expect(assistantMessage).toMatchObject({ status: 'streaming', content: '' });
    const reply = await replyDone(core, assistantMessage.id);
    expect(reply).toMatchObject({ status: 'complete', error: null });
    expect(reply.content.trim().length).toBeGreaterThan(0);
    const { messages } = (await core.call('conversations.get', { id: conversation.id })) as MethodResult<'conversations.get'>;
    expect(messages.map((message) => [message.role, message.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ]);
  });

  it('can be stopped while it waits, and the model loads on', async () => {
    const core = await startLocked();
    await core.call('vault.create', { passphrase: testPassphrase });
    const { conversation, assistantMessage } = await send(core, 'Hello');
    // Read as the reply ends: it ended before the model was ready, not after.
    let stateWhenDone: Promise<ModelStatus['state']> | undefined;
    core.on((message) => {
      if (message.event === 'chat.done') stateWhenDone ??= modelState(core);
    });
    const done = replyDone(core, assistantMessage.id);
    expect(await core.call('chat.stop', { messageId: assistantMessage.id })).toEqual({ stopped: true });
    const reply = await done;
    expect(reply).toMatchObject({ status: 'interrupted', content: '', error: null });
    expect(await stateWhenDone).not.toBe('ready');

    expect((await core.modelLoad).state).toBe('ready');
    const next = await send(core, 'Once upon a time', conversation.id);
    expect((await replyDone(core, next.assistantMessage.id)).status).toBe('complete');
  });

  it('ends with the load’s own error when the model cannot load, and the next message is refused with it', async () => {
    const core = await startLocked({ modelPath: writeTruncatedModel(tempDir()) });
    await core.call('vault.create', { passphrase: testPassphrase });
    expect(await modelState(core)).toBe('loading');

    const { conversation, assistantMessage } = await send(core, 'Hello');
    const reply = await replyDone(core, assistantMessage.id);
    expect(reply).toMatchObject({ status: 'error', content: '', error: { code: 'MODEL_INVALID', action: 'Download the model again, or choose another one.' } });
    await expect(send(core, 'Anyone there?', conversation.id)).rejects.toMatchObject({ code: 'MODEL_INVALID' });
  });
});
