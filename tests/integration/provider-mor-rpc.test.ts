/**
 * A real provider process on a real Hardhat dev chain, spoken to over real
 * TCP with MOR-RPC: its bid inside the marketplace's limits, approval,
 * session opened on chain, a prompt streamed from stories260K (decrypted,
 * every chunk signed), receipt, close, claim; and the hostile cases.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { parseEther } from 'viem';
import { publicKeyToAddress } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HearthError } from '../../src/api/errors.ts';
import { connectChainClient, type ChainClient } from '../../src/market/chain/client.ts';
import { decodeApproval, decodeReceipt } from '../../src/market/chain/signed-messages.ts';
import { devMarketSettings } from '../../src/market/devchain/deploy.ts';
import { chainConfigOf } from '../../src/market/devchain/deployment-file.ts';
import { devAccount, devChainId } from '../../src/market/devchain/dev-accounts.ts';
import { MorRpcClient } from '../../src/market/morrpc/client.ts';
import { emptySignature, encodePongResult, encodePromptRequest, encodeRpcRequest, encodeSessionRequest, type Hex } from '../../src/market/morrpc/messages.ts';
import { parseMessage, rpcResponseSchema } from '../../src/market/morrpc/schemas.ts';
import { publicKeyOf, recoverSigner } from '../../src/market/morrpc/signature.ts';
import { errorHasValidSignature, withSignature } from '../../src/market/morrpc/signing.ts';
import { devPrivateKey, startDevMarket, type DevMarket } from '../helpers/dev-chain.ts';
import { demoModelPath } from '../helpers/models.ts';
import { startProviderProcess, type ProviderProcess } from '../helpers/provider-process.ts';

/** The provider is started without a price: it bids the marketplace's minimum. */
const pricePerSecond = devMarketSettings.bidMinPricePerSecond;
const chat = (content: string, maxTokens = 24) =>
  JSON.stringify({ model: 'stories260K', stream: true, seed: 1, temperature: 0, max_tokens: maxTokens, messages: [{ role: 'user', content }] });

const providerKey = devPrivateKey('provider');
let chain: DevMarket;
let provider: ProviderProcess;
let market: ChainClient;
let intruderMarket: ChainClient;
const user = devAccount('user', devChainId);
const intruder = devAccount('otherUser', devChainId);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return error instanceof HearthError ? error.code : String(error);
  }
}

/**
 * A fresh session key, an approval from the provider (issued for `approvedFor`,
 * by default the user), and the session opened on chain by `opener`'s wallet.
 */
async function openSession(amount = parseEther('1'), options: { approvedFor?: Hex; opener?: ChainClient } = {}): Promise<{ client: MorRpcClient; sessionId: Hex; sessionKey: Uint8Array }> {
  const sessionKey = secp256k1.utils.randomSecretKey();
  const client = new MorRpcClient({ host: provider.host, port: provider.port, sessionKey });
  const approval = await client.requestSession({ user: options.approvedFor ?? user.address, bidId: provider.bidId, spend: amount });
  const opener = options.opener ?? market;
  await opener.approveMor(amount);
  const { sessionId } = await opener.openSession({ amount, directPayment: true, approval: approval.approval, approvalSignature: approval.approvalSig });
  return { client, sessionId, sessionKey };
}

async function streamText(client: MorRpcClient, sessionId: Hex, content: string, maxTokens?: number): Promise<{ text: string; chunks: unknown[] }> {
  const chunks: unknown[] = [];
  await client.prompt(sessionId, chat(content, maxTokens), (chunk) => chunks.push(JSON.parse(chunk)));
  const text = chunks.map((c) => (c as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '').join('');
  return { text, chunks };
}

function runProviderCli(args: string[], key: Hex = providerKey): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['src/cli/provider.ts', ...args, '--chain-config', chain.deploymentFile], {
      env: { ...process.env, HEARTH_PROVIDER_KEY: key }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Raw bytes to the provider; returns everything it wrote before closing. */
function rawExchange(payload: string | Buffer, options: { endAfterWrite?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: provider.host, port: provider.port });
    let received = '';
    socket.on('connect', () => (options.endAfterWrite ? socket.end(payload) : socket.write(payload)));
    socket.on('data', (chunk: Buffer) => { received += chunk.toString(); });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  chain = await startDevMarket();
  provider = await startProviderProcess({
    deploymentFile: chain.deploymentFile, privateKey: providerKey, args: ['--model', demoModelPath],
  });
  market = connectChainClient(chainConfigOf(chain.deployment), user);
  intruderMarket = connectChainClient(chainConfigOf(chain.deployment), intruder);
}, 180_000);

afterAll(async () => {
  await provider?.stop();
  await chain?.stop();
});

describe('a provider serving MOR-RPC from its own model', () => {
  it('registered itself and posted its bid on chain at start, by default at the marketplace’s minimum price', async () => {
    const bid = await market.getBid(provider.bidId);
    expect(bid.provider).toBe(provider.address);
    expect(bid.modelId).toBe(chain.deployment.model.id);
    expect(bid.pricePerSecond).toBe((await market.getBidPriceLimits()).min);
    expect((await market.getProvider(provider.address)).endpoint).toBe(`127.0.0.1:${provider.port}`);
  });

  it('refuses to start with a price the marketplace would refuse, in a sentence with the range, before staking anything', async () => {
    const key = devPrivateKey('modelOwner');
    const address = devAccount('modelOwner', devChainId).address;
    const before = await market.morBalance(address);
    const { min, max } = await market.getBidPriceLimits();
    const started = await runProviderCli(['--backend-url', 'http://127.0.0.1:9', '--port', '0', '--price-per-second', (min - 1n).toString()], key);
    expect(started.code).toBe(1);
    expect(started.stderr).toContain(`is outside the range this marketplace takes: ${min} MOR wei`);
    expect(started.stderr).toContain(`Nothing was staked or bid. Choose a --price-per-second from ${min} to ${max}`);
    expect(await market.getProvider(address)).toMatchObject({ stake: 0n, createdAt: 0n });
    expect(await market.morBalance(address)).toBe(before);
  });

  it('answers a ping with the nonce, signed', async () => {
    const client = new MorRpcClient({ host: provider.host, port: provider.port, sessionKey: secp256k1.utils.randomSecretKey() });
    const pong = await client.ping();
    expect(pong.version).not.toBe('');
    const signer = recoverSigner(encodePongResult({ ...pong, signature: emptySignature }), pong.signature);
    expect(publicKeyToAddress(`0x${bytesToHex(signer!)}`)).toBe(provider.address);
  });

  it('approves a session request with an approval signed by the provider for this chain, bid and user', async () => {
    const client = new MorRpcClient({ host: provider.host, port: provider.port, sessionKey: secp256k1.utils.randomSecretKey() });
    const reply = await client.requestSession({ user: user.address, bidId: provider.bidId, spend: parseEther('1') });
    const approval = decodeApproval(reply.approval);
    expect(approval).toMatchObject({ bidId: provider.bidId, chainId: BigInt(devChainId), user: user.address });
    expect(Number(approval.timestamp)).toBeGreaterThan(Date.now() / 1000 - 60);
    const { recoverMessageAddress, keccak256 } = await import('viem');
    expect(await recoverMessageAddress({ message: { raw: keccak256(reply.approval) }, signature: reply.approvalSig })).toBe(provider.address);
  });

  it('refuses a session request dated over 10 minutes ago or over a minute ahead: a signed error, no approval', async () => {
    const providerPublicKey = (await new MorRpcClient({ host: provider.host, port: provider.port, sessionKey: secp256k1.utils.randomSecretKey() })
      .requestSession({ user: user.address, bidId: provider.bidId, spend: 1n })).message;
    const sessionRequestAt = (timestamp: number) => {
      const key = secp256k1.utils.randomSecretKey();
      const request = withSignature({ signature: emptySignature, user: user.address, key: publicKeyOf(key), spend: 1n, timestamp, bidid: provider.bidId }, encodeSessionRequest, key);
      return rawExchange(encodeRpcRequest('s1', 'session.request', encodeSessionRequest(request)));
    };
    for (const timestamp of [Date.now() - 11 * 60_000, Date.now() + 2 * 60_000]) {
      const reply = parseMessage(await sessionRequestAt(timestamp), rpcResponseSchema);
      expect(reply.result ?? null).toBeNull();
      expect(reply.error?.message).toMatch(/^MORRPC_STALE_REQUEST: .*(ago|ahead)/);
      expect(errorHasValidSignature(reply.error!, providerPublicKey)).toBe(true);
    }
    // Within the window (a consumer's clock a few minutes slow) it is approved.
    expect(parseMessage(await sessionRequestAt(Date.now() - 5 * 60_000), rpcResponseSchema).result).toMatchObject({ approval: expect.stringMatching(/^0x/) });
  });

  it('refuses a session request not signed by the session key it carries: a signed error, no approval', async () => {
    const providerPublicKey = (await new MorRpcClient({ host: provider.host, port: provider.port, sessionKey: secp256k1.utils.randomSecretKey() })
      .requestSession({ user: user.address, bidId: provider.bidId, spend: 1n })).message;
    const claimedKey = publicKeyOf(secp256k1.utils.randomSecretKey());
    const forged = withSignature({ signature: emptySignature, user: user.address, key: claimedKey, spend: 1n, timestamp: Date.now(), bidid: provider.bidId },
      encodeSessionRequest, secp256k1.utils.randomSecretKey());
    const reply = parseMessage(await rawExchange(encodeRpcRequest('s2', 'session.request', encodeSessionRequest(forged))), rpcResponseSchema);
    expect(reply.result ?? null).toBeNull();
    expect(reply.error?.message).toMatch(/^MORRPC_BAD_SIGNATURE: /);
    expect(errorHasValidSignature(reply.error!, providerPublicKey)).toBe(true);
  });

  it('streams a reply from stories260K, each chunk encrypted to the session key and signed by the provider; then report and close', async () => {
    const { client, sessionId } = await openSession();
    const { text, chunks } = await streamText(client, sessionId, 'Once upon a time');
    expect(text.length).toBeGreaterThan(10);
    expect(chunks.at(-1)).toMatchObject({ object: 'chat.completion.chunk', choices: [{ finish_reason: 'stop' }] });

    const report = await client.report(sessionId);
    const receipt = decodeReceipt(report.message);
    expect(receipt.sessionId).toBe(sessionId);
    expect(receipt.outputTokens).toBeGreaterThan(0);
    expect(receipt.tpsScaled1000).toBeGreaterThan(0);
    await market.closeSession({ receipt: report.message, signature: report.signedReport });
    expect((await market.getSession(sessionId)).closedAt).toBeGreaterThan(0n);

    // A closed session gets no more replies, not even the text the model wrote while the chain was asked.
    const leaked: string[] = [];
    expect(await codeOf(client.prompt(sessionId, chat('Again'), (chunk) => leaked.push(chunk)))).toBe('PROVIDER_SESSION_CLOSED');
    expect(leaked).toEqual([]);

  });

  it('refuses a prompt signed by another key than the session key', async () => {
    const { sessionId } = await openSession();
    const stranger = new MorRpcClient({ host: provider.host, port: provider.port, sessionKey: secp256k1.utils.randomSecretKey() });
    await stranger.ping();
    expect(await codeOf(streamText(stranger, sessionId, 'hello'))).toBe('MORRPC_BAD_SIGNATURE');
  });

  it('keeps a session bound to its own key when someone else asks for an approval in the user\u2019s name', async () => {
    const { client, sessionId } = await openSession();
    const intruder = new MorRpcClient({ host: provider.host, port: provider.port, sessionKey: secp256k1.utils.randomSecretKey() });
    // Anyone can name any user in session.request and get an approval; only the user can open a session with it.
    await intruder.requestSession({ user: user.address, bidId: provider.bidId, spend: parseEther('1') });
    expect(await codeOf(streamText(intruder, sessionId, 'hello', 4))).toBe('MORRPC_BAD_SIGNATURE');
    expect((await streamText(client, sessionId, 'Once upon a time', 8)).text.length).toBeGreaterThan(0);
  });

  it('serves a session opened by one address with an approval issued for another, which the live contract accepts', async () => {
    const { client, sessionId } = await openSession(parseEther('1'), { approvedFor: intruder.address });
    expect((await market.getSession(sessionId)).user).toBe(user.address);
    expect((await streamText(client, sessionId, 'Once upon a time', 8)).text.length).toBeGreaterThan(0);
  });

  it('binds each session to the approval its own transaction used, even when another session was opened with an approval naming the same user', async () => {
    const victim = await openSession();
    // Someone asks for an approval naming the user and opens a session of their own with it, just after.
    const copycat = await openSession(parseEther('1'), { opener: intruderMarket });
    expect((await market.getSession(copycat.sessionId)).user).toBe(intruder.address);
    expect(await codeOf(streamText(copycat.client, victim.sessionId, 'hello', 4))).toBe('MORRPC_BAD_SIGNATURE');
    expect((await streamText(victim.client, victim.sessionId, 'Once upon a time', 8)).text.length).toBeGreaterThan(0);
    expect((await streamText(copycat.client, copycat.sessionId, 'Once upon a time', 8)).text.length).toBeGreaterThan(0);
  });

  it('refuses a copy of a signed prompt it has already answered', async () => {
    const { sessionId, sessionKey } = await openSession();
    const prompt = withSignature({ signature: emptySignature, sessionid: sessionId, message: chat('Hi', 4), timestamp: Date.now() }, encodePromptRequest, sessionKey);
    const envelope = encodeRpcRequest('r1', 'session.prompt', encodePromptRequest(prompt));
    const answered = await rawExchange(envelope);
    expect(answered).toContain('"result"');
    expect(answered).not.toContain('"error"');
    const copy = parseMessage(await rawExchange(envelope), rpcResponseSchema);
    expect(copy.error?.message).toMatch(/^MORRPC_REPLAYED: /);
  });

  it('refuses a second prompt on a session while the first is still streaming, then serves the next one', async () => {
    const { client, sessionId } = await openSession();
    let firstChunk!: () => void;
    const streaming = new Promise<void>((resolve) => { firstChunk = resolve; });
    const chunks: string[] = [];
    const first = client.prompt(sessionId, chat('Once upon a time', 400), (chunk) => {
      chunks.push(chunk);
      firstChunk();
    });
    await streaming;
    expect(await codeOf(streamText(client, sessionId, 'Meanwhile'))).toBe('PROVIDER_SESSION_BUSY');
    await first;
    expect(chunks.length).toBeGreaterThan(2);
    expect((await streamText(client, sessionId, 'After that')).text.length).toBeGreaterThan(0);
  });

  it('survives a client that disconnects mid-stream and serves the next prompt on that session', async () => {
    const { client, sessionId } = await openSession();
    const aborter = new AbortController();
    let seen = 0;
    const cut = client.prompt(sessionId, chat('Once upon a time', 400), () => {
      seen++;
      if (seen === 3) aborter.abort();
    }, aborter.signal);
    expect(await codeOf(cut)).toBe('CONNECTION_LOST');
    // The provider notices the disconnect and stops generating; the next prompt waits for the model instead of being refused as busy.
    expect(await codeOf(streamText(client, sessionId, 'The end'))).toBe('no error');
    expect(provider.child.exitCode).toBeNull();
  });

  it('answers garbage, half a request and an oversized request with a clear, signed error and keeps serving', async () => {
    const client = new MorRpcClient({ host: provider.host, port: provider.port, sessionKey: secp256k1.utils.randomSecretKey() });
    const providerPublicKey = (await client.requestSession({ user: user.address, bidId: provider.bidId, spend: 1n })).message;
    const garbage = parseMessage(await rawExchange('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), rpcResponseSchema);
    expect(garbage.error?.message).toMatch(/^MORRPC_MALFORMED: /);
    expect(errorHasValidSignature(garbage.error!, providerPublicKey)).toBe(true);
    const half = JSON.parse(await rawExchange('{"id":"1","method":"network.ping","params":{"nonce":"0x01"', { endAfterWrite: true })) as { error: { message: string } };
    expect(half.error.message).toMatch(/^MORRPC_INCOMPLETE: /);
    const huge = JSON.parse(await rawExchange(`{"id":"1","method":"session.prompt","params":{"message":"${'x'.repeat(2 * 1024 * 1024)}`)) as { error: { message: string } };
    expect(huge.error.message).toMatch(/^MORRPC_TOO_LARGE: /);
    const unknown = JSON.parse(await rawExchange('{"id":"7","method":"session.nope","params":{}}')) as { id: string; error: { message: string } };
    expect(unknown).toMatchObject({ id: '7', error: { message: expect.stringMatching(/^MORRPC_UNKNOWN_METHOD: /) } });
    await new MorRpcClient({ host: provider.host, port: provider.port, sessionKey: secp256k1.utils.randomSecretKey() }).ping();
  });

  it('refuses a prompt for a session whose paid time is over; the provider claims its earnings', async () => {
    // The shortest session the contract allows (5 minutes), then the chain's clock moves past its end.
    const { client, sessionId } = await openSession(pricePerSecond * 301n);
    const session = await market.getSession(sessionId);
    await chain.rpc('evm_increaseTime', [Number(session.endsAt - session.openedAt) + 10]);
    await chain.rpc('evm_mine', []);
    const leaked: string[] = [];
    expect(await codeOf(client.prompt(sessionId, chat('hello'), (chunk) => leaked.push(chunk)))).toBe('PROVIDER_SESSION_EXPIRED');
    expect(leaked).toEqual([]);

    // The session ran its full time, so the provider can claim all of it: (endsAt - openedAt) × price.
    const before = await market.morBalance(provider.address);
    const claim = await runProviderCli(['claim', sessionId]);
    expect(claim.code, claim.stderr).toBe(0);
    expect(JSON.parse(claim.stdout)).toMatchObject({ claimed: sessionId, transaction: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
    expect(await market.morBalance(provider.address)).toBe(before + (session.endsAt - session.openedAt) * pricePerSecond);
  });
});
