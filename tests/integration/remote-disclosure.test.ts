/**
 * What a reply written by a provider is given of the user's private data
 * follows the disclosure setting, read at each reply: by default only the
 * document passages found for the question; at "everything" also the
 * memories relevant to it (never the others); at "nothing private" only the
 * conversation. A TCP relay in front of a real provider process, on a real
 * Hardhat dev chain, reads the bytes that left the device; the reply's
 * saved context lists exactly that. A local reply still sees it all.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentView, EventName, EventPayload, Message, ReplyContext } from '../../src/api/contract.ts';
import { createChatService, defaultGenerationSettings, defaultRemoteSystemPrompt, type ChatService } from '../../src/chat/chat-service.ts';
import { ProviderReplySource } from '../../src/chat/provider-reply-source.ts';
import { remoteDisclosureSetting } from '../../src/chat/remote-disclosure.ts';
import { createCore, type Core } from '../../src/core/core.ts';
import { Engine } from '../../src/engine/engine.ts';
import { assembleContext } from '../../src/memory/context/assemble-context.ts';
import { createFactsService } from '../../src/memory/facts/facts-service.ts';
import { createDocumentsService, type DocumentsService } from '../../src/memory/ingest/documents-service.ts';
import { createSettingsRepository } from '../../src/store/settings.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { devPrivateKey, startDevMarket, type DevMarket } from '../helpers/dev-chain.ts';
import { openDataDatabase } from '../helpers/documents-core.ts';
import { demoModelPath } from '../helpers/models.ts';
import { startProviderProcess, type ProviderProcess } from '../helpers/provider-process.ts';
import { startTcpRelay, type TcpRelay } from '../helpers/tcp-relay.ts';
import { openUserSession } from '../helpers/user-session.ts';
import { unlockedForTests } from '../helpers/vault.ts';

const pricePerSecond = 10n ** 14n;
const key = randomBytes(32);
/** Short replies: what is sent matters here, not what comes back. */
const generation = { ...defaultGenerationSettings, maxTokens: 16 };

/** A memory about the question (it shares the word Quillon with every question asked). */
const relevantFact = 'The user keeps three beehives named Quillon.';
/** A memory about nothing asked: no reply may be given it. */
const unrelatedFact = 'The user collects Zephyrine postage stamps.';
/** The document's text, one line, so that the passage found is the whole of it. */
const passageText = 'Quillon honey is kept in the slate cellar at Brackenmoor.';

let dir: string;
let chain: DevMarket;
let provider: ProviderProcess;
let relay: TcpRelay;
let engine: Engine;
let store: Store;
let documents: DocumentsService;
let chat: ChatService;
let remote: ProviderReplySource;
const disclosure = () => remoteDisclosureSetting(store.settings);
const listeners = new Set<<E extends EventName>(event: E, payload: EventPayload<E>) => void>();
const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
  for (const listener of listeners) listener(event, payload);
};

function nextEvent<E extends EventName>(name: E, match: (payload: EventPayload<E>) => boolean): Promise<EventPayload<E>> {
  return new Promise((resolve) => {
    const listener = <F extends EventName>(event: F, payload: EventPayload<F>) => {
      if (event !== (name as EventName) || !match(payload as unknown as EventPayload<E>)) return;
      listeners.delete(listener);
      resolve(payload as unknown as EventPayload<E>);
    };
    listeners.add(listener);
  });
}

const replyDone = async (messageId: string): Promise<Message> =>
  (await nextEvent('chat.done', ({ message }) => message.id === messageId)).message;

/** A session opened on chain by the user's wallet, with a fresh session key; prompts go through the relay. */
async function openProviderSession(): Promise<ProviderReplySource> {
  return new ProviderReplySource(await openUserSession(chain, provider, { endpoint: `${relay.host}:${relay.port}`, pricePerSecond }));
}

interface SentPrompt {
  /** Every byte of the prompt's connection, as it passed the relay. */
  bytes: string;
  /** The chat request text inside it, as Hearth hashed it. */
  text: string;
  messages: { role: string; content: string }[];
}

/** The prompts that passed the relay, oldest first. */
function promptsSent(): SentPrompt[] {
  return relay.sent().flatMap((connection) => {
    const envelope = JSON.parse(connection.toString('utf8')) as { method: string; params: { message: string } };
    if (envelope.method !== 'session.prompt') return [];
    const { messages } = JSON.parse(envelope.params.message) as { messages: SentPrompt['messages'] };
    return [{ bytes: connection.toString('utf8'), text: envelope.params.message, messages }];
  });
}

/** Sends `text` through the provider session and waits for the reply, and for the prompt that left with it. */
async function askRemotely(conversationId: string | null, text: string): Promise<{ reply: Message; sent: SentPrompt }> {
  const before = promptsSent().length;
  const { assistantMessage } = chat.send({ conversationId, text }, remote);
  const reply = await replyDone(assistantMessage.id);
  expect(reply).toMatchObject({ status: 'complete', error: null });
  const sent = promptsSent();
  expect(sent).toHaveLength(before + 1);
  const prompt = sent.at(-1)!;
  expect(reply.remote!.sent).toEqual({
    bytes: Buffer.byteLength(prompt.text), sha256: createHash('sha256').update(prompt.text).digest('hex'), text: prompt.text, redacted: {},
  });
  return { reply, sent: prompt };
}

/** The conversation's turns up to `reply`, its question last, as a prompt holds them: every one must have left with it. */
function turnsUpTo(reply: Message): { role: string; content: string }[] {
  return store.messages.listBefore(reply.conversationId, reply.id)
    .filter((message) => message.content.length > 0)
    .map((message) => ({ role: message.role, content: message.content }));
}

/** The system prompt that left holds what the reply's context lists, numbered as cited, and no kind it does not list. */
function expectSystemPromptHolds(system: string, context: ReplyContext): void {
  expect(system.startsWith(defaultRemoteSystemPrompt)).toBe(true);
  for (const fact of context.facts) expect(system).toContain(`- ${fact.text}`);
  context.sources.forEach((source, index) => expect(system).toContain(`[${index + 1}] ${source.documentName}: ${source.text}`));
  if (context.facts.length === 0) expect(system).not.toContain('What you know about the user');
  if (context.sources.length === 0) expect(system).not.toContain('Passages from the user');
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-disclosure-'));
  chain = await startDevMarket();
  provider = await startProviderProcess({
    deploymentFile: chain.deploymentFile, privateKey: devPrivateKey('provider'),
    args: ['--model', demoModelPath, '--price-per-second', pricePerSecond.toString()],
  });
  relay = await startTcpRelay(provider);

  store = openStore(path.join(dir, 'data'), { key });
  engine = new Engine({ threads: 1, memory: store.settings, onStatus: () => undefined });
  await engine.load(demoModelPath, { isDemo: true });
  // As the core wires them (src/core/services.ts): memories, documents, and what a question finds in both.
  const embedIfReady = async (texts: string[]) => (engine.embedderStatus.state === 'ready' ? engine.embed(texts) : null);
  const facts = createFactsService({
    facts: store.facts, messages: store.messages, emit,
    model: { embed: embedIfReady, generateJson: async (request) => (await engine.generateJson(request).result).value },
  });
  // Kept before the embedding model loads, so without vectors: each is found by the words it shares with a question, and only then.
  facts.add(relevantFact, null, false);
  facts.add(unrelatedFact, null, false);
  await engine.loadEmbedder(demoModelPath);
  documents = createDocumentsService({
    db: store.db, documents: store.documents, conversations: store.conversations, embed: (texts, options) => engine.embed(texts, options), emit,
  });
  const note = path.join(dir, 'beehives.md');
  fs.writeFileSync(note, passageText);
  const ready = nextEvent('documents.changed', ({ document }) => ['ready', 'failed'].includes(document?.status ?? ''));
  await documents.add(note);
  expect(((await ready).document as DocumentView).status).toBe('ready');

  chat = createChatService({
    store, engine, generation, emit,
    remoteDisclosure: () => disclosure().get(),
    assembleContext: (request) =>
      assembleContext(request, {
        embedQuery: async (text) => {
          const embedded = await embedIfReady([text]);
          return embedded && { vector: embedded.vectors[0]!, model: embedded.model };
        },
        facts: (query) => facts.relevant(query),
        passages: (query) => documents.search(query),
      }),
  });
  remote = await openProviderSession();
}, 180_000);

afterAll(async () => {
  await chat?.close();
  await documents?.close();
  store?.close();
  await engine?.close();
  await relay?.close();
  await provider?.stop();
  await chain?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('what a reply from a provider is given', () => {
  let conversationId: string;

  it('is, until the user chooses, the passages found for the question and no memory', async () => {
    expect(disclosure().get()).toBe('passages');
    expect(store.settings.get('remote.disclosure')).toBeUndefined();

    const { reply, sent } = await askRemotely(null, 'What do you know about Quillon?');
    conversationId = reply.conversationId;
    expect(sent.bytes).toContain(passageText);
    expect(sent.bytes).not.toContain(relevantFact);
    expect(sent.bytes).not.toContain(unrelatedFact);
    expect(sent.messages.slice(1)).toEqual([{ role: 'user', content: 'What do you know about Quillon?' }]);

    expect(reply.context!.facts).toEqual([]);
    expect(reply.context!.sources).toEqual([expect.objectContaining({ documentName: 'beehives.md', text: passageText })]);
    expectSystemPromptHolds(sent.messages[0]!.content, reply.context!);
    expect(store.messages.get(reply.id)!.context).toEqual(reply.context);
  });

  it('is, at "everything", the relevant memories and the passages, never the rest of the memory', async () => {
    expect(disclosure().set('everything')).toBe('everything');
    const { reply, sent } = await askRemotely(conversationId, 'Tell me more about Quillon.');
    expect(sent.bytes).toContain(relevantFact);
    expect(sent.bytes).toContain(passageText);
    expect(sent.bytes).not.toContain(unrelatedFact);
    expect(sent.messages.slice(1)).toEqual(turnsUpTo(reply));
    expect(sent.messages).toContainEqual({ role: 'user', content: 'What do you know about Quillon?' });
    expect(sent.messages.at(-1)).toEqual({ role: 'user', content: 'Tell me more about Quillon.' });

    expect(reply.context!.facts).toEqual([expect.objectContaining({ text: relevantFact, reason: 'words' })]);
    expect(reply.context!.sources).toEqual([expect.objectContaining({ documentName: 'beehives.md', text: passageText })]);
    expectSystemPromptHolds(sent.messages[0]!.content, reply.context!);
  });

  it('is, at "nothing private", the conversation and the system prompt only', async () => {
    disclosure().set('none');
    const { reply, sent } = await askRemotely(conversationId, 'Anything else on Quillon?');
    expect(sent.bytes).not.toContain(relevantFact);
    expect(sent.bytes).not.toContain(unrelatedFact);
    expect(sent.bytes).not.toContain('Brackenmoor');
    expect(sent.messages).toEqual([{ role: 'system', content: defaultRemoteSystemPrompt }, ...turnsUpTo(reply)]);
    expect(sent.messages.filter((message) => message.role === 'user').map((message) => message.content)).toEqual([
      'What do you know about Quillon?', 'Tell me more about Quillon.', 'Anything else on Quillon?',
    ]);
    expect(reply.context).toMatchObject({ facts: [], sources: [] });
  });

  it('does not limit a local reply in the same conversation, which sends nothing off the device', async () => {
    const connections = relay.sent().length;
    const { assistantMessage } = chat.send({ conversationId, text: 'Quillon once more?' });
    const reply = await replyDone(assistantMessage.id);
    expect(reply).toMatchObject({ status: 'complete', remote: null });
    expect(reply.context!.facts.map((fact) => fact.text)).toEqual([relevantFact]);
    expect(reply.context!.sources.map((source) => source.text)).toEqual([passageText]);
    expect(relay.sent()).toHaveLength(connections);
  });
});

describe('the disclosure setting through the API', () => {
  const cores: Core[] = [];
  afterEach(async () => {
    await Promise.all(cores.splice(0).map((core) => core.close()));
  });
  const start = async (dataDir: string) => {
    const core = await createCore({ mode: 'browser', dataDir, modelPath: demoModelPath, threads: 1, ...unlockedForTests });
    cores.push(core);
    return core;
  };

  it('starts at cited passages only, is remembered across a restart, and refuses a level it does not know', async () => {
    const dataDir = path.join(dir, 'core');
    const first = await start(dataDir);
    expect(await first.call('remote.disclosure.get', {})).toEqual({ level: 'passages' });
    expect(await first.call('remote.disclosure.set', { level: 'none' })).toEqual({ level: 'none' });
    await expect(first.call('remote.disclosure.set', { level: 'all' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(first.call('remote.disclosure.set', {})).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(await first.call('remote.disclosure.get', {})).toEqual({ level: 'none' });
    await cores.splice(0)[0]!.close();

    // Where the chat service reads it from at each remote reply.
    const database = await openDataDatabase(dataDir);
    expect(remoteDisclosureSetting(createSettingsRepository(database)).get()).toBe('none');
    database.close();

    const second = await start(dataDir);
    expect(await second.call('remote.disclosure.get', {})).toEqual({ level: 'none' });
  });
});
