/**
 * What leaves the device for a provider reply is redacted, and the reply is
 * put back together on the device: a real provider process on a real dev
 * chain, whose backend (an OpenAI-compatible server here) echoes the
 * question back in small pieces, so that placeholders come back split
 * across chunks. A TCP relay in front of the provider reads what Hearth sent.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload, Message } from '../../src/api/contract.ts';
import { createChatService, defaultGenerationSettings, type ChatService } from '../../src/chat/chat-service.ts';
import { ProviderReplySource } from '../../src/chat/provider-reply-source.ts';
import { Engine } from '../../src/engine/engine.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { devPrivateKey, startDevMarket, type DevMarket } from '../helpers/dev-chain.ts';
import { demoModelPath } from '../helpers/models.ts';
import { startProviderProcess, type ProviderProcess } from '../helpers/provider-process.ts';
import { startTcpRelay, type TcpRelay } from '../helpers/tcp-relay.ts';
import { openUserSession } from '../helpers/user-session.ts';

const question = 'Please write to ada.lovelace@example.org about card 4111 1111 1111 1111 and the file /home/ada/notes/plan.txt, then ada.lovelace@example.org again.';

/** An OpenAI-compatible backend that streams the last user message back, five characters at a time. */
function startEchoBackend(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    request.on('end', () => {
      const { messages } = JSON.parse(body) as { messages: { role: string; content: string }[] };
      const last = messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let at = 0; at < last.length; at += 5) {
        response.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: last.slice(at, at + 5) } }] })}\n\n`);
      }
      response.write(`data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 40, completion_tokens: 40 } })}\n\n`);
      response.end('data: [DONE]\n\n');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

let dir: string;
let chain: DevMarket;
let backend: Awaited<ReturnType<typeof startEchoBackend>>;
let provider: ProviderProcess;
let relay: TcpRelay;
let engine: Engine;
let store: Store;
let chat: ChatService;
/** The memories marked private, as the chat service reads them at each reply. */
const privateMemories: string[] = [];
const events: { event: EventName; payload: unknown }[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-redacted-'));
  chain = await startDevMarket();
  backend = await startEchoBackend();
  provider = await startProviderProcess({
    deploymentFile: chain.deploymentFile, privateKey: devPrivateKey('provider'), args: ['--backend-url', backend.url, '--backend-model', 'echo'],
  });
  relay = await startTcpRelay(provider);
  store = openStore(path.join(dir, 'data'), { key: randomBytes(32) });
  engine = new Engine({ threads: 1, memory: store.settings, onStatus: () => undefined });
  await engine.load(demoModelPath, { isDemo: true });
  chat = createChatService({
    store, engine, generation: { ...defaultGenerationSettings, maxTokens: 64 }, privateTexts: () => privateMemories,
    emit: <E extends EventName>(event: E, payload: EventPayload<E>) => events.push({ event, payload }),
  });
}, 180_000);

afterAll(async () => {
  await chat?.close();
  store?.close();
  await engine?.close();
  await relay?.close();
  await provider?.stop();
  await backend?.close();
  await chain?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function openSession(): Promise<ProviderReplySource> {
  const { pricePerSecond } = await chain.as('user').getBid(provider.bidId);
  return new ProviderReplySource(await openUserSession(chain, provider, { endpoint: `${relay.host}:${relay.port}`, pricePerSecond }));
}

async function until<T>(read: () => T | undefined): Promise<T> {
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Sends `text` through a new provider session; resolves with the reply, the question as it left, and the pieces the window saw. */
async function askProvider(text: string): Promise<{ reply: Message; sent: string; prompt: string; pieces: string[] }> {
  const before = relay.sent().length;
  const { assistantMessage } = chat.send({ conversationId: null, text }, await openSession());
  const reply = await until(() => events
    .map(({ event, payload }) => (event === 'chat.done' ? (payload as EventPayload<'chat.done'>).message : undefined))
    .find((message): message is Message => message?.id === assistantMessage.id));
  const prompts = relay.sent().slice(before).flatMap((connection) => {
    const envelope = JSON.parse(connection.toString('utf8')) as { method: string; params: { message: string } };
    return envelope.method === 'session.prompt' ? [envelope.params.message] : [];
  });
  expect(prompts).toHaveLength(1);
  const sent = (JSON.parse(prompts[0]!) as { messages: { role: string; content: string }[] }).messages.at(-1)!.content;
  const pieces = events.filter(({ event, payload }) => event === 'chat.token' && (payload as EventPayload<'chat.token'>).messageId === reply.id)
    .map(({ payload }) => (payload as EventPayload<'chat.token'>).text);
  return { reply, sent, prompt: prompts[0]!, pieces };
}

describe('a question sent to a provider', () => {
  it('leaves with placeholders for the e-mail, card and path, and the reply shows the real values on this device', async () => {
    const { reply, sent, prompt, pieces } = await askProvider(question);
    expect(sent).toBe('Please write to [EMAIL_1] about card [CARD_1] and the file [PATH_1], then [EMAIL_1] again.');
    for (const secret of ['ada.lovelace@example.org', '4111 1111 1111 1111', '/home/ada']) expect(prompt).not.toContain(secret);

    // The echo came back in five-character pieces, splitting placeholders; each piece the window saw is already restored.
    expect(reply).toMatchObject({ status: 'complete', content: question });
    expect(pieces.join('')).toBe(question);
    expect(pieces.some((piece) => piece.includes('['))).toBe(false);
    expect(reply.remote!.sent).toMatchObject({ text: prompt, redacted: { email: 1, card: 1, path: 1 } });
  }, 120_000);

  it('sends a memory marked private only as a placeholder, wherever its text appears', async () => {
    privateMemories.push('three beehives behind the mill');
    const { reply, sent } = await askProvider('Remember the three beehives behind the mill? Tell me a story about them.');
    expect(sent).toBe('Remember the [PRIVATE_1]? Tell me a story about them.');
    expect(reply).toMatchObject({ status: 'complete', content: 'Remember the three beehives behind the mill? Tell me a story about them.' });
    expect(reply.remote!.sent!.redacted).toEqual({ 'private-text': 1 });
  }, 120_000);
});
