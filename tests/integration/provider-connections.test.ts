/**
 * A real provider process on a real Hardhat dev chain, with its default
 * connection limits, under the floods that used to lock every consumer
 * out: 2,000 connections trickling a byte every few seconds (from one
 * address, then from 200), 2,000 connections that send nothing, each
 * re-opened as soon as the provider closes it. A real consumer, from
 * another loopback address, opens a session on chain and streams prompts
 * meanwhile, about as fast as with no flood at all. The floods run in a
 * worker thread, so their sockets do not share the consumer's event loop.
 */
import fs from 'node:fs';
import net from 'node:net';
import { Worker } from 'node:worker_threads';
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

/** The attacker: `count` connections from `localAddresses` in turn, each opened again as soon as it closes. */
const floodScript = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const { host, port, count, localAddresses, trickleMs } = workerData;
const request = '{"id":"1","method":"network.ping","params":{"nonce":"0x' + '0'.repeat(1 << 20);
const sockets = new Set();
let stopping = false;
let opened = 0;
let closedByProvider = 0;
function open(i) {
  opened++;
  const socket = net.connect({ host, port, localAddress: localAddresses[i % localAddresses.length] });
  sockets.add(socket);
  let sent = 0;
  let timer;
  if (trickleMs > 0) {
    socket.on('connect', () => {
      const drip = () => socket.write(request[sent++]);
      drip();
      timer = setInterval(drip, trickleMs);
    });
  }
  socket.on('error', () => {});
  socket.on('close', () => {
    clearInterval(timer);
    sockets.delete(socket);
    if (stopping) {
      if (sockets.size === 0) parentPort.postMessage({ stopped: true });
      return;
    }
    closedByProvider++;
    setImmediate(() => open(i));
  });
}
for (let i = 0; i < count; i++) open(i);
parentPort.on('message', (message) => {
  if (message === 'stats') parentPort.postMessage({ opened, closedByProvider, live: sockets.size });
  if (message === 'stop') {
    stopping = true;
    if (sockets.size === 0) parentPort.postMessage({ stopped: true });
    for (const socket of sockets) socket.destroy();
  }
});
`;

interface FloodStats { opened: number; closedByProvider: number; live: number }

function startFlood(options: { localAddresses: string[]; trickleMs: number }) {
  const worker = new Worker(floodScript, {
    eval: true, workerData: { host: provider.host, port: provider.port, count: floodSize, ...options },
  });
  const next = <T>(predicate: (message: Record<string, unknown>) => boolean) => new Promise<T>((resolve) => {
    const listen = (message: Record<string, unknown>) => {
      if (!predicate(message)) return;
      worker.off('message', listen);
      resolve(message as T);
    };
    worker.on('message', listen);
  });
  return {
    stats(): Promise<FloodStats> {
      const reply = next<FloodStats>((m) => 'opened' in m);
      worker.postMessage('stats');
      return reply;
    },
    async stop(): Promise<void> {
      const stopped = next((m) => 'stopped' in m);
      worker.postMessage('stop');
      await stopped;
      await worker.terminate();
    },
  };
}

/** The flood is at full strength: all its connections opened, and a first round of them already cut by the provider and re-opened. */
async function fullStrength(flood: ReturnType<typeof startFlood>): Promise<FloodStats> {
  for (let tries = 0; ; tries++) {
    const stats = await flood.stats();
    if (stats.closedByProvider >= floodSize || tries === 100) return stats;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const aliases = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}.${i + 1}`);

/** Connections the provider process holds on its port now (established, or closed by the peer and not yet by the provider). */
function connectionsHeldByProvider(): number {
  const lines = fs.readFileSync('/proc/net/tcp', 'utf8').trim().split('\n').slice(1);
  return lines.filter((line) => {
    const [, local = '', , state] = line.trim().split(/\s+/);
    return parseInt(local.split(':')[1] ?? '', 16) === provider.port && (state === '01' || state === '08');
  }).length;
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
    { name: 'trickle from 200 addresses', localAddresses: aliases('127.0.1', 200), trickleMs: 3_000 },
    { name: 'idle from 200 addresses', localAddresses: aliases('127.0.2', 200), trickleMs: 0 },
  ];
  for (const { name, localAddresses, trickleMs } of floods) {
    it(`serves a consumer about as fast as on a quiet provider while 2,000 connections ${trickleMs ? 'trickle a byte every 3 s' : 'send nothing'} (${name})`, async () => {
      const flood = startFlood({ localAddresses, trickleMs });
      try {
        const before = await fullStrength(flood);
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
    let held = connectionsHeldByProvider();
    for (let tries = 0; held > 2 && tries < 80; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      held = connectionsHeldByProvider();
    }
    expect(held).toBeLessThanOrEqual(2);
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
