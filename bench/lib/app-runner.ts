/**
 * Path (b) of the benchmark: the whole app. The core (with its inference
 * worker in a child process) behind the browser host, driven by a WebSocket
 * client exactly as the renderer drives it; everything timed at the client.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Message, ModelStatus } from '../../src/api/contract.ts';
import type { ServerMessage } from '../../src/api/wire.ts';
import { createCore, type Core } from '../../src/core/core.ts';
import type { GenerationSettings } from '../../src/engine/protocol.ts';
import { startBrowserHost, type BrowserHost } from '../../src/server/host.ts';
import { createChunkClock, type ReplyMeasurement } from './measurement.ts';

export interface AppRunnerOptions {
  modelPath: string;
  threads: number;
  settings: GenerationSettings;
}

export interface AppReply extends ReplyMeasurement {
  /** What the worker measured itself, from chat.done. */
  workerStats: NonNullable<Message['stats']>;
  /**
   * CPU time this process (core, host and client; the bare path is idle
   * meanwhile) spent on the reply: the app's cost beside the worker, which
   * on a 2-core machine competes with decoding for the other core.
   */
  coreCpuMs: number;
}

export interface AppRunner {
  status: ModelStatus;
  reply(prompt: string): Promise<AppReply>;
  close(): Promise<void>;
}

export async function startAppRunner({ modelPath, threads, settings }: AppRunnerOptions): Promise<AppRunner> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hearth-bench-'));
  let core: Core | undefined;
  let host: BrowserHost | undefined;
  let socket: WebSocket | undefined;
  const close = async (): Promise<void> => {
    socket?.close();
    await host?.close();
    await core?.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    core = await createCore({
      mode: 'browser', dataDir, modelPath, threads, generation: settings,
      // Throwaway data: a cheap key derivation keeps the start out of the numbers.
      passphrase: 'bench passphrase', kdfCost: { N: 2 ** 10, r: 8, p: 1 },
    });
    const status = await core.modelLoad;
    if (status.state !== 'ready') throw new Error(`The app could not load the bench model: ${status.error?.message} ${status.error?.details ?? ''}`);
    // No renderer is needed: only the WebSocket API is used.
    host = await startBrowserHost({ core, port: 0, staticDir: dataDir });
    const client = await connect(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
    socket = client.socket;
    return { status, reply: client.reply, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function connect(url: string) {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const listeners = new Set<(message: ServerMessage) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as ServerMessage;
    for (const listener of listeners) listener(message);
  });
  let nextId = 1;

  function reply(prompt: string): Promise<AppReply> {
    const id = nextId++;
    const cpuAtStart = process.cpuUsage();
    const clock = createChunkClock(performance.now());
    let messageId: string | undefined;
    return new Promise<AppReply>((resolve, reject) => {
      const listener = (message: ServerMessage): void => {
        if (message.type === 'result' && message.id === id) {
          if (!message.ok) return finish(new Error(`chat.send failed: ${message.error.message} ${message.error.details ?? ''}`));
          messageId = (message.result as { assistantMessage: Message }).assistantMessage.id;
          return;
        }
        if (message.type !== 'event') return;
        // One reply at a time and a new conversation each time: every token is ours.
        if (message.event === 'chat.token') clock.chunk((message.payload as { text: string }).text);
        if (message.event === 'chat.done') {
          const done = (message.payload as { message: Message }).message;
          if (done.id !== messageId) return;
          if (done.status !== 'complete' || !done.stats) return finish(new Error(`The reply ended as ${done.status}: ${done.error?.details ?? ''}`));
          const cpu = process.cpuUsage(cpuAtStart);
          finish(undefined, { ...clock.finish(done.stats.tokens), workerStats: done.stats, coreCpuMs: (cpu.user + cpu.system) / 1000 });
        }
      };
      const onClose = (): void => finish(new Error('The app closed the WebSocket during a reply.'));
      const finish = (error?: Error, result?: AppReply): void => {
        listeners.delete(listener);
        socket.off('close', onClose);
        if (error) reject(error);
        else resolve(result!);
      };
      listeners.add(listener);
      socket.once('close', onClose);
      socket.send(JSON.stringify({ type: 'call', id, method: 'chat.send', params: { conversationId: null, text: prompt } }));
    });
  }
  return { socket, reply };
}
