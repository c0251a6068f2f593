/**
 * An inference worker that crashes again and again: the engine keeps
 * bringing the model back, waiting longer between tries, says so in its
 * status meanwhile, and a message sent during the wait is answered.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload, Message, ModelStatus } from '../../src/api/contract.ts';
import { createChatService, defaultGenerationSettings } from '../../src/chat/chat-service.ts';
import { Engine } from '../../src/engine/engine.ts';
import { openStore } from '../../src/store/store.ts';
import { demoModelPath } from '../helpers/models.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real engine whose status changes can be awaited; `remember: false` makes every load calibrate again. */
function startEngine({ threads, remember = true }: { threads?: number; remember?: boolean } = {}) {
  const statuses: ModelStatus[] = [];
  const waiters = new Set<() => void>();
  const settings = new Map<string, unknown>();
  const engine = new Engine({
    ...(threads === undefined ? {} : { threads }),
    memory: { get: <T,>(key: string) => settings.get(key) as T | undefined, set: (key, value) => void (remember && settings.set(key, value)) },
    onStatus: (status) => {
      statuses.push(status);
      for (const waiter of [...waiters]) waiter();
    },
    restartDelayMs: 100,
  });
  cleanups.push(() => engine.close());
  /** Resolves once the status passes `match` (now or later). */
  const statusWhere = (match: (status: ModelStatus) => boolean) =>
    new Promise<ModelStatus>((resolve) => {
      const check = () => {
        if (!match(engine.status)) return;
        waiters.delete(check);
        resolve(engine.status);
      };
      waiters.add(check);
      check();
    });
  return { engine, statuses, statusWhere };
}

function startChat(engine: Engine) {
  const store = openStore(tempDir(), { key: randomBytes(32) });
  const finished = new Map<string, (message: Message) => void>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    if (event === 'chat.done') {
      const { message } = payload as EventPayload<'chat.done'>;
      finished.get(message.id)?.(message);
    }
  };
  const chat = createChatService({ store, engine, emit, generation: { ...defaultGenerationSettings, maxTokens: 24, temperature: 0, seed: 3 } });
  cleanups.push(async () => {
    await chat.close();
    store.close();
  });
  const send = (text: string) => {
    const { assistantMessage } = chat.send({ conversationId: null, text });
    const done = new Promise<Message>((resolve) => finished.set(assistantMessage.id, resolve));
    return { assistantMessage, done };
  };
  return { chat, send };
}

describe('a worker that keeps crashing', () => {
  it('is restarted after every crash, five in a row, waiting longer each time and saying so, and then the chat answers', async () => {
    const { engine, statuses, statusWhere } = startEngine({ threads: 1 });
    await engine.load(demoModelPath, { isDemo: true });
    const { send } = startChat(engine);

    for (let crash = 1; crash <= 5; crash++) {
      await statusWhere((status) => status.state === 'ready');
      const pid = engine.workerPid!;
      const seen = statuses.length;
      process.kill(pid, 'SIGKILL');
      // The first restart loads at once; each further one waits first, and the status says why.
      const next = await statusWhere((status) => statuses.length > seen && status.state !== 'ready');
      expect(engine.workerPid).not.toBe(pid);
      if (crash === 1) expect(next.state).toBe('loading');
      else {
        expect(next).toMatchObject({ state: 'error', error: { code: 'ENGINE_RESTARTING' } });
        expect(next.error!.message).toMatch(/^The inference engine keeps stopping unexpectedly; Hearth loads the model again in \d+ s\.$/);
        expect(next.error!.details).toMatch(/SIGKILL/);
      }
    }

    // Sent during the wait after the fifth crash: kept, and answered once the model is back.
    expect(engine.status.error?.code).toBe('ENGINE_RESTARTING');
    const { assistantMessage, done } = send('Once upon a time');
    expect(assistantMessage.status).toBe('streaming');
    const reply = await done;
    expect(reply).toMatchObject({ status: 'complete', error: null });
    expect(reply.content.trim().length).toBeGreaterThan(0);
    expect(engine.status).toMatchObject({ state: 'ready', error: null });
  });

  it('restarts again when the worker crashes while the model is being loaded again after a crash', async () => {
    // No thread count is given or remembered, so every load calibrates: the worker is killed in the middle of that reload.
    const { engine, statusWhere } = startEngine({ remember: false });
    await engine.load(demoModelPath);
    process.kill(engine.workerPid!, 'SIGKILL');
    await statusWhere((status) => status.state === 'calibrating');
    process.kill(engine.workerPid!, 'SIGKILL');

    const ready = await statusWhere((status) => status.state === 'ready' || (status.state === 'error' && status.error?.code !== 'ENGINE_RESTARTING'));
    expect(ready).toMatchObject({ state: 'ready', error: null });
    const { result } = engine.generate(
      { history: [], prompt: 'Once upon a time', settings: { ...defaultGenerationSettings, maxTokens: 8, temperature: 0, seed: 1 } },
      () => {},
    );
    expect((await result).stats.tokens).toBeGreaterThan(0);
  });
});
