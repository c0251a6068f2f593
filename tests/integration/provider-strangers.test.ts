/**
 * No stranger can break a paying user's session, and junk costs the
 * provider next to nothing: a real provider (in this process, so its chain
 * reads can be counted: every call it makes to the real Hardhat dev chain
 * goes through a counter) serving stories260K over real TCP to real
 * MOR-RPC consumers, sessions opened on chain. Each attack is the one a
 * hostile consumer found: forged approvals flooded between a user's
 * approval and their opening (eviction), a burst of them to date the user's
 * approval ahead (clock push), a user's own two sessions on one bid, a
 * replayed session.request, junk prompts and requests, and a re-prompt
 * right after a disconnect. Forged requests come from loopback aliases, as
 * they would from many computers.
 */
import net from 'node:net';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HearthError } from '../../src/api/errors.ts';
import { connectChainClient, type ChainClient } from '../../src/market/chain/client.ts';
import { decodeApproval } from '../../src/market/chain/signed-messages.ts';
import { chainConfigOf } from '../../src/market/devchain/deployment-file.ts';
import { devAccount, devChainId } from '../../src/market/devchain/dev-accounts.ts';
import { MorRpcClient } from '../../src/market/morrpc/client.ts';
import { exchange } from '../../src/market/morrpc/connection.ts';
import { emptySignature, encodeRpcRequest, encodeSessionRequest, type Hex } from '../../src/market/morrpc/messages.ts';
import { parseMessage, parseValue, rpcResponseSchema, sessionResultSchema } from '../../src/market/morrpc/schemas.ts';
import { publicKeyOf } from '../../src/market/morrpc/signature.ts';
import { withSignature } from '../../src/market/morrpc/signing.ts';
import type { ProviderChain } from '../../src/provider/chain.ts';
import { providerChainOf } from '../../src/provider/market-chain.ts';
import { startProvider, type RunningProvider } from '../../src/provider/start-provider.ts';
import { devPrivateKey, startDevMarket, type DevMarket } from '../helpers/dev-chain.ts';
import { demoModelPath } from '../helpers/models.ts';

const maxTokensPerPrompt = 400;
const user = devAccount('user', devChainId);
const chat = (content: string, maxTokens = 24) =>
  JSON.stringify({ model: 'stories260K', stream: true, seed: 1, temperature: 0, max_tokens: maxTokens, messages: [{ role: 'user', content }] });

let chain: DevMarket;
let provider: RunningProvider;
let market: ChainClient;
/** Calls the provider made to the chain, by method. */
const reads = new Map<string, number>();

/** The provider's real chain, each call counted. */
function counted(real: ProviderChain): ProviderChain {
  const count = <A extends unknown[], R>(name: string, call: (...args: A) => Promise<R>) => (...args: A) => {
    reads.set(name, (reads.get(name) ?? 0) + 1);
    return call(...args);
  };
  return {
    ...real,
    chainTime: count('chainTime', real.chainTime),
    getSession: count('getSession', real.getSession),
    getBid: count('getBid', real.getBid),
    latestBlock: count('latestBlock', real.latestBlock),
    sessionsOpenedSince: count('sessionsOpenedSince', real.sessionsOpenedSince),
  };
}

/** Chain reads made for requests while `run` runs (the periodic read for new openings left out). */
async function readsDuring(run: () => Promise<unknown>): Promise<number> {
  const perRequest = () => ['chainTime', 'getSession', 'getBid'].reduce((sum, name) => sum + (reads.get(name) ?? 0), 0);
  const before = perRequest();
  await run();
  return perRequest() - before;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return error instanceof HearthError ? error.code : String(error);
  }
}

const consumer = (sessionKey = secp256k1.utils.randomSecretKey()) => new MorRpcClient({ host: provider.host, port: provider.port, sessionKey });

/**
 * A session.request for `named`, signed by a fresh key of the attacker's, sent from a loopback alias
 * (Linux routes all of 127/8 to this machine): the provider sees each alias as another address.
 */
function forgedRequest(named: Hex, from: string): Promise<string> {
  const attackerKey = secp256k1.utils.randomSecretKey();
  const request = withSignature({
    signature: emptySignature, user: named, key: publicKeyOf(attackerKey), spend: parseEther('1'), timestamp: Date.now(), bidid: provider.bidId!,
  }, encodeSessionRequest, attackerKey);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: provider.host, port: provider.port, localAddress: from });
    let received = '';
    socket.on('connect', () => socket.end(encodeRpcRequest('forged', 'session.request', encodeSessionRequest(request))));
    socket.on('data', (chunk: Buffer) => { received += chunk.toString(); });
    socket.on('close', () => {
      const reply = parseRpc(received);
      resolve(reply.error ? reply.error.message.split(':', 1)[0]! : 'approved');
    });
    socket.on('error', reject);
  });
}

const alias = (n: number) => `127.0.${1 + Math.floor(n / 250)}.${1 + (n % 250)}`;
const someone = (n: number) => `0x${(0xdead0000 + n).toString(16).padStart(40, '0')}` as Hex;

/** Forged requests, `parallel` at a time, each naming `named(n)` from `from(n)`; returns how each was answered. */
async function forge(count: number, named: (n: number) => Hex, from: (n: number) => string, parallel = 16): Promise<Map<string, number>> {
  const answers = new Map<string, number>();
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    for (let n = next++; n < count; n = next++) {
      const answer = await forgedRequest(named(n), from(n));
      answers.set(answer, (answers.get(answer) ?? 0) + 1);
    }
  }));
  return answers;
}

async function openOnChain(approval: { approval: Hex; approvalSig: Hex }, amount = parseEther('1')): Promise<Hex> {
  await market.approveMor(amount);
  const { sessionId } = await market.openSession({ amount, directPayment: true, approval: approval.approval, approvalSignature: approval.approvalSig });
  return sessionId;
}

async function replyText(client: MorRpcClient, sessionId: Hex, content: string, maxTokens?: number): Promise<{ text: string; completionTokens: number }> {
  const chunks: { choices: { delta: { content?: string } }[]; usage?: { completion_tokens: number } }[] = [];
  await client.prompt(sessionId, chat(content, maxTokens), (chunk) => chunks.push(JSON.parse(chunk)));
  return {
    text: chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''),
    completionTokens: chunks.at(-1)?.usage?.completion_tokens ?? 0,
  };
}

/** The raw replies to one request envelope. */
async function rawReplies(envelope: string): Promise<ReturnType<typeof parseRpc>[]> {
  const replies: ReturnType<typeof parseRpc>[] = [];
  await exchange({ host: provider.host, port: provider.port, request: envelope, onReply: (text) => replies.push(parseRpc(text)) });
  return replies;
}
const parseRpc = (text: string) => parseMessage(text, rpcResponseSchema);

beforeAll(async () => {
  chain = await startDevMarket();
  const config = chainConfigOf(chain.deployment);
  const key = devPrivateKey('provider');
  provider = await startProvider({
    privateKey: key,
    chain: counted(providerChainOf(connectChainClient(config, privateKeyToAccount(key)), { maxBidFee: parseEther('10') })),
    host: '127.0.0.1', port: 0, modelPath: demoModelPath, backendModel: 'stories260K', threads: 1, version: 'test',
    maxTokensPerPrompt,
    parallelReplies: 2,
    offer: { modelId: chain.deployment.model.id, stake: parseEther('0.2') },
  });
  market = connectChainClient(config, user);
}, 180_000);

afterAll(async () => {
  await provider?.close();
  await chain?.stop();
});

describe('a paying user’s session, whatever strangers send', () => {
  it('still works when 1,100 forged approvals, 50 naming the user, are issued between the user’s approval and the opening (eviction)', async () => {
    const client = consumer();
    const approval = await client.requestSession({ user: user.address, bidId: provider.bidId!, spend: parseEther('1') });
    const answers = await forge(1_100, (n) => (n % 22 === 0 ? user.address : someone(n)), (n) => alias(n % 100));
    expect(answers.get('approved')).toBe(1_100);
    const sessionId = await openOnChain(approval);
    expect((await replyText(client, sessionId, 'Once upon a time', 8)).text.length).toBeGreaterThan(0);
  }, 120_000);

  it('gets an approval dated by the provider’s clock when 90 forged requests naming the user came just before (clock push), and it opens and serves', async () => {
    expect((await forge(90, () => user.address, (n) => alias(200 + n))).get('approved')).toBe(90);
    const client = consumer();
    const approval = await client.requestSession({ user: user.address, bidId: provider.bidId!, spend: parseEther('1') });
    const chainNow = await chain.latestTimestamp();
    const wallNow = BigInt(Math.floor(Date.now() / 1000));
    expect(decodeApproval(approval.approval).timestamp <= (chainNow > wallNow ? chainNow : wallNow) + 1n).toBe(true);
    const sessionId = await openOnChain(approval);
    expect((await replyText(client, sessionId, 'Once upon a time', 8)).text.length).toBeGreaterThan(0);
  }, 60_000);

  it('lets one address take only a few of a user’s approvals, so a flood from it cannot exhaust them', async () => {
    const named = someone(99_999);
    const answers = await forge(50, () => named, () => alias(400));
    expect(answers.get('approved')).toBe(16);
    expect(answers.get('PROVIDER_APPROVALS_EXHAUSTED')).toBe(34);
    const client = consumer();
    const sessionId = await openOnChain(await client.requestSession({ user: named, bidId: provider.bidId!, spend: parseEther('1') }));
    expect((await replyText(client, sessionId, 'Once upon a time', 8)).text.length).toBeGreaterThan(0);
  }, 60_000);

  it('keeps a consumer already paying here able to open another session while a flood from 250 addresses names its user', async () => {
    const named = someone(77_777);
    const answers = await forge(250, () => named, (n) => alias(500 + n));
    expect(answers.get('approved')).toBe(150);
    const client = consumer();
    const sessionId = await openOnChain(await client.requestSession({ user: named, bidId: provider.bidId!, spend: parseEther('1') }));
    expect((await replyText(client, sessionId, 'Once upon a time', 8)).text.length).toBeGreaterThan(0);
  }, 60_000);

  it('serves a user’s own two sessions on one bid, opened within a minute, each with its own key', async () => {
    const first = consumer();
    const second = consumer();
    const firstSession = await openOnChain(await first.requestSession({ user: user.address, bidId: provider.bidId!, spend: parseEther('1') }));
    const secondSession = await openOnChain(await second.requestSession({ user: user.address, bidId: provider.bidId!, spend: parseEther('1') }));
    expect((await replyText(first, firstSession, 'Once upon a time', 8)).text.length).toBeGreaterThan(0);
    expect((await replyText(second, secondSession, 'Once upon a time', 8)).text.length).toBeGreaterThan(0);
    expect(await codeOf(replyText(second, firstSession, 'Hello', 4))).toBe('MORRPC_BAD_SIGNATURE');
  }, 60_000);

  it('answers a replayed session.request with the same approval, not a new one', async () => {
    const sessionKey = secp256k1.utils.randomSecretKey();
    const request = withSignature({
      signature: emptySignature, user: user.address, key: publicKeyOf(sessionKey), spend: parseEther('1'), timestamp: Date.now(), bidid: provider.bidId!,
    }, encodeSessionRequest, sessionKey);
    const envelope = encodeRpcRequest('replayed', 'session.request', encodeSessionRequest(request));
    const approvals = new Set<string>();
    for (let copy = 0; copy < 50; copy++) {
      const [reply] = await rawReplies(envelope);
      approvals.add(parseValue(reply?.result, sessionResultSchema).approval);
    }
    expect(approvals.size).toBe(1);
  }, 60_000);

  it('lets the next prompt of a session in right after its consumer disconnected mid-reply, without a busy refusal', async () => {
    const client = consumer();
    const sessionId = await openOnChain(await client.requestSession({ user: user.address, bidId: provider.bidId!, spend: parseEther('1') }));
    const codes: string[] = [];
    for (let round = 0; round < 10; round++) {
      const aborter = new AbortController();
      const cut = client.prompt(sessionId, chat('Once upon a time', maxTokensPerPrompt), () => aborter.abort(), aborter.signal);
      expect(await codeOf(cut)).toBe('CONNECTION_LOST');
      codes.push(await codeOf(replyText(client, sessionId, 'The end', 4)));
    }
    expect(codes).toEqual(Array(10).fill('no error'));
  }, 60_000);

  it('streams another session’s reply beside a long one instead of after it', async () => {
    const long = consumer();
    const short = consumer();
    const longSession = await openOnChain(await long.requestSession({ user: user.address, bidId: provider.bidId!, spend: parseEther('1') }));
    const shortSession = await openOnChain(await short.requestSession({ user: user.address, bidId: provider.bidId!, spend: parseEther('1') }));
    const finished: string[] = [];
    let streaming!: () => void;
    const firstChunk = new Promise<void>((resolve) => { streaming = resolve; });
    const longReply = long.prompt(longSession, chat('Once upon a time', maxTokensPerPrompt), () => streaming()).then(() => finished.push('long'));
    await firstChunk;
    await replyText(short, shortSession, 'Hello', 8).then(() => finished.push('short'));
    await longReply;
    expect(finished).toEqual(['short', 'long']);
  }, 60_000);

  it('writes at most its own cap of tokens for one prompt, whatever the consumer asks', async () => {
    const client = consumer();
    const sessionId = await openOnChain(await client.requestSession({ user: user.address, bidId: provider.bidId!, spend: parseEther('1') }));
    const { completionTokens } = await replyText(client, sessionId, 'Once upon a time', 1_000_000);
    expect(completionTokens).toBeGreaterThan(0);
    expect(completionTokens).toBeLessThanOrEqual(maxTokensPerPrompt);
  }, 60_000);
});

describe('junk, and what it costs the provider in chain reads', () => {
  it('reads nothing for prompts with a bad signature on a known session', async () => {
    const client = consumer();
    const sessionId = await openOnChain(await client.requestSession({ user: user.address, bidId: provider.bidId!, spend: parseEther('1') }));
    await replyText(client, sessionId, 'Once upon a time', 4);
    const stranger = consumer();
    const spent = await readsDuring(async () => {
      for (let n = 0; n < 50; n++) expect(await codeOf(replyText(stranger, sessionId, 'hello', 4))).toBe('MORRPC_BAD_SIGNATURE');
    });
    expect(spent).toBe(0);
  }, 60_000);

  it('reads nothing for session.requests with a bad signature', async () => {
    const signer = secp256k1.utils.randomSecretKey();
    const claimed = secp256k1.utils.randomSecretKey();
    const spent = await readsDuring(async () => {
      for (let n = 0; n < 50; n++) {
        const forged = withSignature({
          signature: emptySignature, user: user.address, key: publicKeyOf(claimed), spend: 1n, timestamp: Date.now(), bidid: provider.bidId!,
        }, encodeSessionRequest, signer);
        const [reply] = await rawReplies(encodeRpcRequest(`bad-${n}`, 'session.request', encodeSessionRequest(forged)));
        expect(reply?.error?.message).toMatch(/^MORRPC_BAD_SIGNATURE: /);
      }
    });
    expect(spent).toBe(0);
  }, 60_000);

  it('reads the chain at most once per distinct unknown session or bid, however often it is named', async () => {
    const stranger = consumer();
    const unknownSessions = Array.from({ length: 20 }, (_, n) => `0x${(n + 1).toString(16).padStart(64, 'e')}` as Hex);
    const unknownBid = `0x${'0b'.repeat(32)}` as Hex;
    const spent = await readsDuring(async () => {
      for (let round = 0; round < 3; round++) {
        for (const sessionId of unknownSessions) expect(await codeOf(replyText(stranger, sessionId, 'hello', 4))).toBe('PROVIDER_SESSION_UNKNOWN');
        expect(await codeOf(stranger.requestSession({ user: user.address, bidId: unknownBid, spend: 1n }))).toBe('PROVIDER_SESSION_UNKNOWN');
      }
    });
    expect(spent).toBeLessThanOrEqual(unknownSessions.length + 1);
  }, 60_000);

});
