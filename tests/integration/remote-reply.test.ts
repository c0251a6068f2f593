/**
 * A chat reply written by a real provider process on a real Hardhat dev
 * chain, through a session opened on chain, behaves like a local one: it
 * streams, is saved as it grows, stops, is written again, is found by
 * search, is exported and survives a restart; and it records where it ran,
 * what it cost and exactly what left the device. A TCP relay in front of
 * the provider reads what Hearth sent, and cuts the provider off mid-reply.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload, Message } from '../../src/api/contract.ts';
import { createChatService, defaultGenerationSettings, defaultRemoteSystemPrompt, type ChatService } from '../../src/chat/chat-service.ts';
import { ProviderReplySource, type OpenProviderSession } from '../../src/chat/provider-reply-source.ts';
import { Engine } from '../../src/engine/engine.ts';
import type { Hex } from '../../src/market/morrpc/messages.ts';
import { exportData } from '../../src/privacy/export-data.ts';
import { schemaVersion } from '../../src/store/migrations.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { devPrivateKey, startDevMarket, type DevMarket } from '../helpers/dev-chain.ts';
import { demoModelPath, writeEndlessModel } from '../helpers/models.ts';
import { startProviderProcess, type ProviderProcess } from '../helpers/provider-process.ts';
import { startTcpRelay, type TcpRelay } from '../helpers/tcp-relay.ts';
import { openUserSession } from '../helpers/user-session.ts';
import { dropSinceVectorCodes } from '../helpers/vector-codes-schema.ts';

const pricePerSecond = 10n ** 14n;
const key = randomBytes(32);
/** Long enough that a reply from the endless model streams for seconds, so that it is seen growing and can be stopped. */
const generation = { ...defaultGenerationSettings, maxTokens: 1500 };

let dir: string;
let chain: DevMarket;
let provider: ProviderProcess;
let relay: TcpRelay;
let engine: Engine;
let store: Store;
let chat: ChatService;
const listeners = new Set<<E extends EventName>(event: E, payload: EventPayload<E>) => void>();

function startChat(): void {
  store = openStore(path.join(dir, 'data'), { key });
  chat = createChatService({
    store, engine, generation, emit: (event, payload) => {
      for (const listener of listeners) listener(event, payload);
    },
  });
}

function replyDone(messageId: string): Promise<Message> {
  return new Promise((resolve) => {
    const listener = <E extends EventName>(event: E, payload: EventPayload<E>) => {
      const { message } = payload as EventPayload<'chat.done'>;
      if (event !== 'chat.done' || message.id !== messageId) return;
      listeners.delete(listener);
      resolve(message);
    };
    listeners.add(listener);
  });
}

/** Every piece of text streamed for a message, as the UI gets it; `onPiece` sees each as it comes. */
function tokensOf(messageId: string, onPiece: (text: string) => void = () => undefined): string[] {
  const pieces: string[] = [];
  listeners.add((event, payload) => {
    const token = payload as EventPayload<'chat.token'>;
    if (event !== 'chat.token' || token.messageId !== messageId) return;
    pieces.push(token.text);
    onPiece(token.text);
  });
  return pieces;
}

/** A session opened on chain by the user's wallet, with a fresh session key; prompts go through the relay. */
const openProviderSession = (endpoint = `${relay.host}:${relay.port}`) => openUserSession(chain, provider, { endpoint, pricePerSecond });

/** The chat request text of each prompt that passed the relay, as it left Hearth. */
function promptsSent(): string[] {
  return relay.sent()
    .map((bytes) => JSON.parse(bytes.toString('utf8')) as { method: string; params: { message: string } })
    .filter((envelope) => envelope.method === 'session.prompt')
    .map((envelope) => envelope.params.message);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-remote-'));
  chain = await startDevMarket();
  provider = await startProviderProcess({
    deploymentFile: chain.deploymentFile, privateKey: devPrivateKey('provider'),
    args: ['--model', await writeEndlessModel(dir), '--price-per-second', pricePerSecond.toString()],
  });
  relay = await startTcpRelay(provider);
  engine = new Engine({ threads: 1, memory: { get: () => undefined, set: () => undefined }, onStatus: () => undefined });
  await engine.load(demoModelPath, { isDemo: true });
  startChat();
}, 180_000);

afterAll(async () => {
  await chat?.close();
  store?.close();
  await engine?.close();
  await relay?.close();
  await provider?.stop();
  await chain?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a reply from a provider session', () => {
  let conversationId: string;
  let localReply: Message;
  let remote: ProviderReplySource;
  let opened: { session: OpenProviderSession; transactions: Hex[] };
  let stopped: Message;
  let regenerated: Message;

  it('continues a conversation begun locally, streams, is saved as it grows, and stops as interrupted', async () => {
    const first = chat.send({ conversationId: null, text: 'Once upon a time' });
    conversationId = first.conversation.id;
    localReply = await replyDone(first.assistantMessage.id);
    expect(localReply).toMatchObject({ status: 'complete', model: engine.status.name, remote: null });

    opened = await openProviderSession();
    remote = new ProviderReplySource(opened);
    const { assistantMessage } = chat.send({ conversationId, text: 'And then?' }, remote);
    expect(assistantMessage).toMatchObject({ status: 'streaming', content: '', model: 'stories260K' });

    // Each piece is saved after it is shown, so a saved text seen while a piece arrives is the reply up to the one before.
    let savedWhileStreaming = '';
    let streamedThen = '';
    let streamed: string[] = [];
    const grown = new Promise<void>((resolve) => {
      const pieces = tokensOf(assistantMessage.id, () => {
        const saved = store.messages.get(assistantMessage.id)!;
        if (savedWhileStreaming !== '' || saved.status !== 'streaming' || saved.content === '') return;
        savedWhileStreaming = saved.content;
        streamedThen = pieces.join('');
        resolve();
      });
      streamed = pieces;
    });
    const done = replyDone(assistantMessage.id);
    await grown;
    expect(streamedThen.startsWith(savedWhileStreaming)).toBe(true);
    expect(savedWhileStreaming.length).toBeLessThan(streamedThen.length);

    expect(chat.stop(assistantMessage.id)).toBe(true);
    stopped = await done;
    expect(stopped.status).toBe('interrupted');
    expect(stopped.error).toBeNull();
    expect(stopped.content).toBe(streamed.join(''));
    expect(store.messages.get(stopped.id)).toEqual(stopped);
  });

  it('records where it ran, what it cost, and the size and hash of exactly what left the device', () => {
    const { session, transactions } = opened;
    expect(stopped.remote).toMatchObject({
      provider: { address: provider.address, endpoint: `${relay.host}:${relay.port}` },
      model: { id: chain.deployment.model.id, name: 'stories260K' },
      bid: { id: provider.bidId, pricePerSecondWei: pricePerSecond.toString() },
      sessionId: session.sessionId,
      transactions,
    });
    const record = stopped.remote!;
    expect(record.seconds).toBeGreaterThan(0);
    expect(BigInt(record.costWei)).toBe(pricePerSecond * BigInt(record.seconds));
    expect(record.ttftMs).toBeGreaterThan(0);

    const [sent] = promptsSent();
    expect(record.sent).toEqual({ bytes: Buffer.byteLength(sent!), sha256: sha256(sent!), text: sent!, redacted: {} });
    // The provider got the conversation so far, the local reply included, and nothing else.
    const request = JSON.parse(sent!) as { messages: { role: string; content: string }[] };
    // Told it is Hearth, not that it runs on this computer: it does not.
    expect(request.messages).toEqual([
      { role: 'system', content: defaultRemoteSystemPrompt },
      { role: 'user', content: 'Once upon a time' },
      { role: 'assistant', content: localReply.content },
      { role: 'user', content: 'And then?' },
    ]);
  });

  it('is written again from the same session, as a new version beside the stopped one, to the end', async () => {
    const { assistantMessage } = chat.regenerate(stopped.id, remote);
    expect(assistantMessage).toMatchObject({ status: 'streaming', content: '', remote: null, parentId: stopped.parentId });
    const streamed = tokensOf(assistantMessage.id);
    regenerated = await replyDone(assistantMessage.id);
    expect(regenerated).toMatchObject({ status: 'complete', error: null, content: streamed.join(''), model: 'stories260K' });
    expect(regenerated.content.length).toBeGreaterThan(0);

    const record = regenerated.remote!;
    expect(record.sessionId).toBe(opened.session.sessionId);
    // The session was opened for the first reply: this one caused no transaction.
    expect(record.transactions).toEqual([]);
    expect(record.inputTokens).toBeGreaterThan(0);
    expect(record.outputTokens).toBeGreaterThan(1);
    expect(record.tokensPerSecond).toBeGreaterThan(0);
    expect(regenerated.stats).toEqual({ tokens: record.outputTokens, tokensPerSecond: record.tokensPerSecond, ttftMs: record.ttftMs });
    const sent = promptsSent().at(-1)!;
    expect(record.sent).toEqual({ bytes: Buffer.byteLength(sent), sha256: sha256(sent), text: sent, redacted: {} });
    expect(store.messages.listByConversation(conversationId).map((message) => message.id).slice(1)).toEqual([localReply.id, expect.any(String), regenerated.id]);
    expect(store.messages.get(stopped.id)).toMatchObject({ status: 'interrupted' });
  });

  it('is found by a word of its text and exported with where it ran', () => {
    const word = regenerated.content.split(/[^\p{L}\p{N}]+/u).find((token) => /^[a-z]{4,}$/i.test(token))!;
    expect(store.conversations.search(word).map((hit) => hit.messageId)).toContain(regenerated.id);

    const result = exportData(store, path.join(dir, 'exports'));
    const json = JSON.parse(fs.readFileSync(path.join(result.directory, 'hearth.json'), 'utf8')) as { conversations: { messages: Message[] }[] };
    const exported = json.conversations.flatMap((entry) => entry.messages);
    expect(exported.find((message) => message.id === regenerated.id)!.remote).toEqual(regenerated.remote);
    expect(exported.find((message) => message.id === localReply.id)!.remote).toBeNull();
    const [markdown] = fs.readdirSync(path.join(result.directory, 'conversations'));
    const text = fs.readFileSync(path.join(result.directory, 'conversations', markdown!), 'utf8');
    expect(text).toContain(regenerated.content);
    expect(text).toContain(`Morpheus provider ${provider.address} at ${relay.host}:${relay.port}`);
    expect(text).toContain(`session ${opened.session.sessionId}`);
    expect(text).toContain(`sha256 ${regenerated.remote!.sent.sha256}`);
  });

  it('keeps the text so far, where it ran, and a clear error when the provider goes away mid-reply', async () => {
    let cut = false;
    const { assistantMessage } = chat.send({ conversationId: null, text: 'Tell me a long story' }, remote);
    const streamed = tokensOf(assistantMessage.id, () => {
      if (!cut) relay.cut();
      cut = true;
    });
    const reply = await replyDone(assistantMessage.id);
    expect(reply).toMatchObject({ status: 'error', error: { code: 'MORRPC_INCOMPLETE' } });
    expect(reply.error!.action).toMatch(/another provider/);
    expect(reply.content).toBe(streamed.join(''));
    expect(reply.content.length).toBeGreaterThan(0);
    expect(reply.remote).toMatchObject({ sessionId: opened.session.sessionId });
    expect(reply.remote!.seconds).toBeGreaterThan(0);

    // The person continues it on this computer: the provider's text stays, the local model writes on after it.
    const { assistantMessage: resumed } = chat.continueLocally(reply.id);
    expect(resumed).toMatchObject({ id: reply.id, status: 'streaming', content: reply.content, error: null });
    const continued = await replyDone(reply.id);
    expect(continued.status).toBe('complete');
    expect(continued.content.startsWith(reply.content)).toBe(true);
    expect(continued.content.length).toBeGreaterThan(reply.content.length);
    expect(continued.remote).toEqual({
      ...reply.remote,
      continuedBy: [{ after: 'MORRPC_INCOMPLETE', startsAt: reply.content.length, model: engine.status.name, remote: null }],
    });
    expect(() => chat.continueLocally(continued.id)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });

  it('says a provider that cannot be reached cannot be reached, and charges nothing for it', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const unreachable = new ProviderReplySource({ session: { ...opened.session, provider: { address: provider.address, endpoint: `127.0.0.1:${closedPort}` } } });
    const { assistantMessage } = chat.send({ conversationId: null, text: 'Hello?' }, unreachable);
    const reply = await replyDone(assistantMessage.id);
    expect(reply).toMatchObject({ status: 'error', content: '', error: { code: 'PROVIDER_UNREACHABLE' } });
    expect(reply.remote).toMatchObject({ seconds: 0, costWei: '0', transactions: [] });
  });

  it('is still there, with where it ran, after Hearth restarts', async () => {
    await chat.close();
    store.close();
    startChat();
    const messages = store.messages.listByConversation(conversationId);
    expect(messages.map((message) => [message.role, message.status])).toEqual([
      ['user', 'complete'], ['assistant', 'complete'], ['user', 'complete'], ['assistant', 'complete'],
    ]);
    expect(messages[1]!.remote).toBeNull();
    expect(messages[3]).toEqual(regenerated);
  });
});

describe('a database written before remote replies', () => {
  it('gains where replies ran on opening, its messages unchanged and local', () => {
    const data = path.join(dir, 'older');
    const older = openStore(data, { key });
    const conversation = older.conversations.create('Before');
    const reply = older.messages.insert({ conversationId: conversation.id, role: 'assistant', content: 'Once there was a fox.', status: 'complete', model: 'stories260K' });
    // As the schema stood before remote replies (migration 3), and provider sessions, routes, private memories and the vector codes after it.
    older.db.exec(
      'ALTER TABLE messages DROP COLUMN remote; ALTER TABLE messages DROP COLUMN route; ALTER TABLE memory_facts DROP COLUMN private; ' +
        'DROP TABLE market_transactions; DROP TABLE market_sessions;',
    );
    dropSinceVectorCodes(older.db);
    older.db.pragma('user_version = 2');
    older.close();

    const upgraded = openStore(data, { key });
    expect(upgraded.db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    expect(upgraded.messages.get(reply.id)).toEqual(reply);
    expect(reply.remote).toBeNull();
    upgraded.close();
  });
});
