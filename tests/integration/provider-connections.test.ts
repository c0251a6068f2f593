/**
 * A real provider process on a real Hardhat dev chain, with its default
 * connection limits, under the floods that used to lock every consumer
 * out: 2,000 connections trickling a byte every few seconds (from one
 * address, then from 200), 2,000 connections that send nothing, each
 * re-opened as soon as the provider closes it. A real consumer, from
 * another loopback address, opens a session on chain and streams prompts
 * meanwhile, about as fast as with no flood at all. The floods are the
 * benchmark's (bench/lib/provider-floods.ts), run in a worker thread, so
 * their sockets do not share the consumer's event loop.
 */
import net from 'node:net';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectChainClient, type ChainClient } from '../../src/market/chain/client.ts';
import { chainConfigOf } from '../../src/market/devchain/deployment-file.ts';
import { devAccount, devChainId } from '../../src/market/devchain/dev-accounts.ts';
import { MorRpcClient } from '../../src/market/morrpc/client.ts';
import { parseMessage, rpcResponseSchema } from '../../src/market/morrpc/schemas.ts';
import { publicKeyOf } from '../../src/market/morrpc/signature.ts';
import { errorHasValidSignature } from '../../src/market/morrpc/signing.ts';
import { fullStrength, loopbackAliases, startFlood, waitForQuiet, type FloodStats } from '../../bench/lib/provider-floods.ts';
import { devPrivateKey, startDevMarket, type DevMarket } from '../helpers/dev-chain.ts';
import { demoModelPath } from '../helpers/models.ts';
import { startProviderProcess, type ProviderProcess } from '../helpers/provider-process.ts';

const providerKey = devPrivateKey('provider');
const providerPublicKey = publicKeyOf(hexToBytes(providerKey.slice(2)));
const user = devAccount('user', devChainId);
const floodSize = 2_000;
/** Samples per latency measurement. */
const samples = 12;
let chain: DevMarket;
let provider: ProviderProcess;
let market: ChainClient;

const chat = (content: string) =>
  JSON.stringify({ model: 'stories260K', stream: true, seed: 1, temperature: 0, max_tokens: 8, messages: [{ role: 'user', content }] });

/** Nearest-rank 95th percentile. */
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1]!;

interface Latencies { sessionRequest: number; firstToken: number }

/**
 * What a consumer sees: session.request answered (`samples` times), a session
 * opened on chain, then `samples` prompts streamed; the p95 of each latency.
 */
async function consumerLatencies(): Promise<Latencies> {
  const sessionKey = secp256k1.utils.randomSecretKey();
  const client = new MorRpcClient({ host: provider.host, port: provider.port, sessionKey });
  const amount = parseEther('1');
  const requestTimes: number[] = [];
  let approval;
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    approval = await client.requestSession({ user: user.address, bidId: provider.bidId, spend: amount });
    requestTimes.push(performance.now() - started);
  }
  await market.approveMor(amount);
  const { sessionId } = await market.openSession({ amount, directPayment: true, approval: approval!.approval, approvalSignature: approval!.approvalSig });
  const firstTokenTimes: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    let firstToken: number | undefined;
    let text = '';
    await client.prompt(sessionId, chat(`Once upon a time ${i}`), (chunk) => {
      firstToken ??= performance.now() - started;
      text += (JSON.parse(chunk) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '';
    });
    expect(text.length).toBeGreaterThan(0);
    firstTokenTimes.push(firstToken!);
  }
  return { sessionRequest: p95(requestTimes), firstToken: p95(firstTokenTimes) };
}

let baseline: Latencies;
const measured: Record<string, Latencies> = {};
const floodsSeen: Record<string, FloodStats> = {};

beforeAll(async () => {
  chain = await startDevMarket();
  provider = await startProviderProcess({ deploymentFile: chain.deploymentFile, privateKey: providerKey, args: ['--model', demoModelPath] });
  market = connectChainClient(chainConfigOf(chain.deployment), user);
}, 180_000);

afterAll(async () => {
  console.log(`provider-connections p95 (ms): ${Object.entries({ baseline, ...measured })
    .map(([name, l]) => `${name}: session.request ${l?.sessionRequest.toFixed(1)}, first token ${l?.firstToken.toFixed(1)}`).join('; ')}`);
  console.log(`provider-connections floods (connections opened, cut by the provider): ${Object.entries(floodsSeen)
    .map(([name, f]) => `${name}: ${f.opened}, ${f.closedByProvider}`).join('; ')}`);
  await provider?.stop();
  await chain?.stop();
});

describe('a provider flooded with slow and idle connections', () => {
  it('serves a consumer on a quiet provider (the baseline)', async () => {
    await consumerLatencies();
    baseline = await consumerLatencies();
    expect(baseline.firstToken).toBeGreaterThan(0);
  });

  const floods = [
    { name: 'trickle from one address', localAddresses: ['127.0.0.2'], trickleMs: 3_000 },
    { name: 'trickle from 200 addresses', localAddresses: loopbackAliases('127.0.1', 200), trickleMs: 3_000 },
    { name: 'idle from 200 addresses', localAddresses: loopbackAliases('127.0.2', 200), trickleMs: 0 },
  ];
  for (const { name, localAddresses, trickleMs } of floods) {
    it(`serves a consumer about as fast as on a quiet provider while 2,000 connections ${trickleMs ? 'trickle a byte every 3 s' : 'send nothing'} (${name})`, async () => {
      const spec = { kind: 'connections', localAddresses, count: floodSize, trickleMs } as const;
      const flood = startFlood({ host: provider.host, port: provider.port }, spec);
      try {
        const before = await fullStrength(flood, spec, { maxMs: 10_000 });
        expect(before.closedByProvider).toBeGreaterThanOrEqual(floodSize);
        measured[name] = await consumerLatencies();
        // The attempts stayed live throughout: open, or just cut by the provider and being opened again.
        const after = await flood.stats();
        expect(after.live).toBeGreaterThanOrEqual(floodSize * 0.9);
        floodsSeen[name] = after;
      } finally {
        await flood.stop();
      }
      expect(measured[name]!.sessionRequest).toBeLessThanOrEqual(baseline.sessionRequest + 100);
      expect(measured[name]!.firstToken).toBeLessThanOrEqual(baseline.firstToken + 100);
    });
  }

  it('holds next to no connections once the floods stop, and answers the next request', async () => {
    expect(await waitForQuiet(provider.port, { atMost: 2, maxMs: 8_000 })).toBeLessThanOrEqual(2);
    await new MorRpcClient({ host: provider.host, port: provider.port, sessionKey: secp256k1.utils.randomSecretKey() }).ping();
  });

  it('cuts a connection 30 s after it connected although it keeps sending faster than the floor rate, with a signed error', async () => {
    const socket = net.connect({ host: provider.host, port: provider.port, localAddress: '127.0.0.3' });
    socket.on('error', () => {});
    let received = '';
    let lastWriteAt = 0;
    const connectedAt = await new Promise<number>((resolve) => socket.once('connect', () => resolve(performance.now())));
    // Spaces before the request: never a byte too many, 8 KiB a second, twice the floor.
    const writer = setInterval(() => {
      if (socket.writable) {
        socket.write(' '.repeat(2_048));
        lastWriteAt = performance.now();
      }
    }, 250);
    socket.on('data', (chunk: Buffer) => { received += chunk.toString(); });
    const closedAt = await new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now())));
    clearInterval(writer);
    expect(closedAt - connectedAt).toBeGreaterThanOrEqual(30_000);
    expect(closedAt - connectedAt).toBeLessThan(31_500);
    expect(closedAt - lastWriteAt).toBeLessThan(1_000);
    const reply = parseMessage(received, rpcResponseSchema);
    expect(reply.error?.message).toMatch(/^MORRPC_INCOMPLETE: .*within 30 s of connecting/);
    expect(errorHasValidSignature(reply.error!, providerPublicKey)).toBe(true);
  }, 40_000);
});
