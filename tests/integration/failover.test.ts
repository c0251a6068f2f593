/**
 * Failover on a real dev chain with two real provider processes: a
 * provider that goes silent, one whose chunks are altered on the way (a
 * hostile peer in between, a real TCP relay), and one killed mid-reply.
 * The text so far is kept, the next ranked bid or the local model
 * continues it, the message records both parts, and the provider at fault
 * is left out for a while.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseEther, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload, Message } from '../../src/api/contract.ts';
import { createChatService, defaultGenerationSettings, type ChatService } from '../../src/chat/chat-service.ts';
import { FailoverReplySource, type ReplyCandidate } from '../../src/chat/failover-reply-source.ts';
import { localCandidate } from '../../src/chat/local-reply-source.ts';
import { Engine } from '../../src/engine/engine.ts';
import { chainConfigOf } from '../../src/market/devchain/deployment-file.ts';
import { devAccount, devChainId } from '../../src/market/devchain/dev-accounts.ts';
import { LeftOutProviders } from '../../src/market/rating/left-out-providers.ts';
import { providerCandidate } from '../../src/market/sessions/provider-candidate.ts';
import { ProviderSessions, type SessionTarget } from '../../src/market/sessions/provider-sessions.ts';
import { SpendLedger } from '../../src/market/sessions/spend-ledger.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { accountSigner } from '../../src/wallet/account-signer.ts';
import { devPrivateKey, startDevMarket, type DevMarket } from '../helpers/dev-chain.ts';
import { demoModelPath, writeEndlessModel } from '../helpers/models.ts';
import { startProviderProcess, type ProviderProcess } from '../helpers/provider-process.ts';
import { startTcpRelay, type TcpRelay } from '../helpers/tcp-relay.ts';

const user = devAccount('user', devChainId);
const stake = parseEther('1');
const firstPrice = 10n ** 14n;
const secondPrice = 2n * 10n ** 14n;
const silenceMs = 1_500;

let dir: string;
let chain: DevMarket;
let first: ProviderProcess;
let second: ProviderProcess;
let relay: TcpRelay;
let engine: Engine;
let store: Store;
let sessions: ProviderSessions;
let chat: ChatService;
const listeners = new Set<(event: EventName, payload: unknown) => void>();

function target(provider: ProviderProcess, pricePerSecond: bigint, endpoint = `${provider.host}:${provider.port}`): SessionTarget {
  return { provider: { address: provider.address as Address, endpoint }, model: chain.deployment.model, bid: { id: provider.bidId, pricePerSecond } };
}

/** The first provider behind the relay, then the second. */
function rankedCandidates(): ReplyCandidate[] {
  return [
    providerCandidate(sessions, target(first, firstPrice, `${relay.host}:${relay.port}`), { stake: async () => stake }),
    providerCandidate(sessions, target(second, secondPrice), { stake: async () => stake }),
  ];
}

/** Sends a message through `source`; `onText` sees the reply's text as it grows; resolves with the finished message. */
function ask(source: FailoverReplySource, onText: (text: string, messageId: string) => void): Promise<Message> {
  return new Promise((resolve) => {
    let text = '';
    let messageId = '';
    const listener = (event: EventName, payload: unknown) => {
      if (event === 'chat.token' && (payload as EventPayload<'chat.token'>).messageId === messageId) {
        text += (payload as EventPayload<'chat.token'>).text;
        onText(text, messageId);
      }
      if (event === 'chat.done' && (payload as EventPayload<'chat.done'>).message.id === messageId) {
        listeners.delete(listener);
        resolve((payload as EventPayload<'chat.done'>).message);
      }
    };
    listeners.add(listener);
    messageId = chat.send({ conversationId: null, text: 'Once upon a time' }, source).assistantMessage.id;
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-failover-'));
  chain = await startDevMarket();
  const model = await writeEndlessModel(dir);
  first = await startProviderProcess({ deploymentFile: chain.deploymentFile, privateKey: devPrivateKey('provider'), args: ['--model', model, '--price-per-second', firstPrice.toString()] });
  second = await startProviderProcess({ deploymentFile: chain.deploymentFile, privateKey: devPrivateKey('modelOwner'), args: ['--model', model, '--price-per-second', secondPrice.toString()] });
  relay = await startTcpRelay(first);
  engine = new Engine({ threads: 1, memory: { get: () => undefined, set: () => undefined }, onStatus: () => undefined });
  await engine.load(demoModelPath, { isDemo: true });
  store = openStore(path.join(dir, 'data'), { key: randomBytes(32) });
  const config = chainConfigOf(chain.deployment);
  sessions = new ProviderSessions({
    config, signer: accountSigner(user, config.rpcUrl, config.chainId), user: user.address,
    records: store.marketSessions, ledger: new SpendLedger(store.settings), reportTimeoutMs: 2_000,
  });
  chat = createChatService({
    store, engine, generation: { ...defaultGenerationSettings, maxTokens: 1500 },
    emit: (event, payload) => { for (const listener of listeners) listener(event, payload); },
  });
}, 180_000);

afterAll(async () => {
  await chat?.close();
  store?.close();
  await engine?.close();
  await relay?.close();
  await first?.stop();
  await second?.stop();
  await chain?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a reply whose provider fails', () => {
  it('continues from the next ranked bid when the provider goes silent, keeping the text so far, and records both parts', async () => {
    relay.pass();
    const leftOut = new LeftOutProviders({ durationMs: 60_000 });
    const source = new FailoverReplySource({ candidates: rankedCandidates(), leftOut, silenceMs });
    let before = '';
    const message = await ask(source, (text, messageId) => {
      if (before === '' && text.length > 40) {
        before = text;
        relay.stall();
      } else if (before !== '' && text.length > before.length + 40) chat.stop(messageId);
    });
    expect(message.content.startsWith(before)).toBe(true);
    expect(message.content.length).toBeGreaterThan(before.length);
    expect(message.remote).toMatchObject({ provider: { address: first.address, endpoint: `${relay.host}:${relay.port}` } });
    const [part] = message.remote!.continuedBy!;
    expect(part).toMatchObject({ after: 'PROVIDER_SILENT', remote: { provider: { address: second.address } }, model: chain.deployment.model.name });
    // The first part ends where the stall held back the rest of a chunk at most: the second continues from the text kept.
    expect(part!.startsAt).toBeGreaterThanOrEqual(before.length);
    expect(leftOut.isLeftOut(first.address)).toBe(true);
    expect(leftOut.isLeftOut(second.address)).toBe(false);
    expect(store.messages.get(message.id)).toEqual(message);
  }, 120_000);

  it('leaves out a provider whose chunks do not carry its signature, and the next bid writes the reply', async () => {
    relay.tamper();
    const leftOut = new LeftOutProviders({ durationMs: 60_000 });
    const source = new FailoverReplySource({ candidates: rankedCandidates(), leftOut, silenceMs: 30_000 });
    const message = await ask(source, (text, messageId) => {
      if (text.length > 40) chat.stop(messageId);
    });
    expect(message.remote).toMatchObject({ provider: { address: first.address }, outputTokens: 0 });
    expect(message.remote!.continuedBy).toEqual([expect.objectContaining({ after: 'MORRPC_BAD_SIGNATURE', startsAt: 0, remote: expect.objectContaining({ provider: expect.objectContaining({ address: second.address }) }) })]);
    expect(message.content.length).toBeGreaterThan(40);
    expect(leftOut.list().map((entry) => entry.reason)).toEqual(['MORRPC_BAD_SIGNATURE']);

    // Left out, it is skipped for the next question: the second bid writes it from the start.
    const next = await ask(new FailoverReplySource({ candidates: rankedCandidates(), leftOut, silenceMs: 30_000 }), (text, messageId) => {
      if (text.length > 10) chat.stop(messageId);
    });
    expect(next.remote).toMatchObject({ provider: { address: second.address } });
    expect(next.remote!.continuedBy).toBeUndefined();
  }, 120_000);

  it('leaves out a provider whose reply repeats a chunk it already sent, and the next bid continues it', async () => {
    relay.replay();
    const leftOut = new LeftOutProviders({ durationMs: 60_000 });
    const source = new FailoverReplySource({ candidates: rankedCandidates(), leftOut, silenceMs: 30_000 });
    const message = await ask(source, (text, messageId) => {
      if (text.length > 80) chat.stop(messageId);
    });
    const [part] = message.remote!.continuedBy!;
    expect(part).toMatchObject({ after: 'MORRPC_REPLAYED_CHUNK', remote: { provider: { address: second.address } } });
    // The first chunk was shown once; its copy ended the part.
    expect(part!.startsAt).toBeGreaterThan(0);
    expect(message.content.length).toBeGreaterThan(part!.startsAt);
    expect(leftOut.list().map((entry) => entry.reason)).toEqual(['MORRPC_REPLAYED_CHUNK']);
  }, 120_000);

  it('continues on this computer when the provider’s process is killed mid-reply and the user chose the local model', async () => {
    relay.pass();
    const leftOut = new LeftOutProviders({ durationMs: 60_000 });
    const source = new FailoverReplySource({ candidates: [rankedCandidates()[1]!, localCandidate(engine)], leftOut, silenceMs: 30_000 });
    let killed = '';
    const message = await ask(source, (text) => {
      if (killed === '' && text.length > 40) {
        killed = text;
        second.child.kill('SIGKILL');
      }
    });
    expect(message.status).toBe('complete');
    expect(message.content.startsWith(killed.slice(0, 40))).toBe(true);
    const [part] = message.remote!.continuedBy!;
    expect(part).toMatchObject({ remote: null, model: engine.status.name });
    expect(['PROVIDER_UNREACHABLE', 'MORRPC_INCOMPLETE']).toContain(part!.after);
    expect(message.content.length).toBeGreaterThan(part!.startsAt);
    expect(leftOut.isLeftOut(second.address)).toBe(true);
  }, 120_000);
});
