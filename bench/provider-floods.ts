/**
 * `npm run bench:provider-floods`: what a paying consumer sees of a provider
 * under the floods a hostile stranger can send (issue 16). A real Hardhat
 * dev chain and a real `npm run provider` process serving the demo model
 * (stories260K, one thread); a consumer on 127.0.0.1 that opened its
 * session on chain and prompted once (so the provider knows it pays). For
 * each row, with no flood (a baseline, at the start and again at the end)
 * or under one flood from a worker thread (bench/lib/provider-floods.ts):
 * the p95 and median of session.request latency and of first-token latency
 * (max_tokens 8), their ratio to the opening baseline, and whether every
 * consumer request was served. Writes
 * bench/results/provider-floods-latest.{json,md}.
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { parseEther } from 'viem';
import { HearthError } from '../src/api/errors.ts';
import { connectChainClient } from '../src/market/chain/client.ts';
import { chainConfigOf } from '../src/market/devchain/deployment-file.ts';
import { devAccount } from '../src/market/devchain/dev-accounts.ts';
import { MorRpcClient } from '../src/market/morrpc/client.ts';
import type { Hex } from '../src/market/morrpc/messages.ts';
import { fullStrength, loopbackAliases, startFlood, waitForQuiet, type FloodSpec } from './lib/provider-floods.ts';
import {
  latencyRow, providerFloodsMarkdown, writeProviderFloodsResults, type Attempt, type FloodRowResult, type ProviderFloodsResult,
} from './lib/provider-floods-report.ts';
import { startDevMarketProvider } from './lib/provider-runner.ts';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const projectRoot = join(benchDir, '..');
const modelPath = join(projectRoot, 'models', 'stories260K.gguf');
const THREADS = 1;
const MAX_TOKENS = 8;
const FLOOD_CONNECTIONS = 2_000;
const PARALLEL = 16;
const TRICKLE_MS = 3_000;
const WARMUP_SAMPLES = 3;

class UsageError extends Error {}

function parseSamples(argv: string[]): number {
  let samples: string;
  try {
    samples = parseArgs({ args: argv, strict: true, options: { samples: { type: 'string', default: '20' } } }).values.samples;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. The only option is --samples N.`);
  }
  if (!/^\d+$/.test(samples) || Number(samples) < 1) throw new UsageError(`--samples must be a whole number above 0, got "${samples}".`);
  return Number(samples);
}

const chat = (content: string) =>
  JSON.stringify({ model: 'stories260K', stream: true, seed: 1, temperature: 0, max_tokens: MAX_TOKENS, messages: [{ role: 'user', content }] });

const outcomeOf = (error: unknown) => (error instanceof HearthError ? error.code : String(error));

/** What each row floods the provider with, given the consumer's session and the user its session.requests name in that row. */
interface Row {
  name: string;
  flood?: { description: string; spec: (context: { bidId: Hex; sessionId: Hex; user: Hex }) => FloodSpec };
}

const rows: Row[] = [
  { name: 'baseline (start)' },
  {
    name: '1. forged session.requests naming the user',
    flood: {
      description: `session.requests naming the consumer\u2019s user, each signed by a fresh attacker key, ${PARALLEL} at a time, from 200 addresses (127.0.4.1\u2013200)`,
      spec: ({ bidId, user }) => ({ kind: 'forged-requests', localAddresses: loopbackAliases('127.0.4', 200), parallel: PARALLEL, bidId, user }),
    },
  },
  {
    name: '1b. forged session.requests naming other users',
    flood: {
      description: `the same, each naming a user of its own (approvals signed and kept as fast as asked), from 200 addresses (127.0.5.1\u2013200)`,
      spec: ({ bidId }) => ({ kind: 'forged-requests', localAddresses: loopbackAliases('127.0.5', 200), parallel: PARALLEL, bidId, user: null }),
    },
  },
  {
    name: '2. trickle from one address',
    flood: {
      description: `${FLOOD_CONNECTIONS.toLocaleString('en-US')} connections from 127.0.0.2, each trickling a byte every ${TRICKLE_MS / 1000} s, re-opened when closed`,
      spec: () => ({ kind: 'connections', localAddresses: ['127.0.0.2'], count: FLOOD_CONNECTIONS, trickleMs: TRICKLE_MS }),
    },
  },
  {
    name: '3. trickle from 200 addresses',
    flood: {
      description: `the same from 127.0.1.1\u2013200`,
      spec: () => ({ kind: 'connections', localAddresses: loopbackAliases('127.0.1', 200), count: FLOOD_CONNECTIONS, trickleMs: TRICKLE_MS }),
    },
  },
  {
    name: '4. idle from 200 addresses',
    flood: {
      description: `${FLOOD_CONNECTIONS.toLocaleString('en-US')} connections sending nothing from 127.0.2.1\u2013200, re-opened when closed`,
      spec: () => ({ kind: 'connections', localAddresses: loopbackAliases('127.0.2', 200), count: FLOOD_CONNECTIONS, trickleMs: 0 }),
    },
  },
  {
    name: '5. junk prompts',
    flood: {
      description: `session.prompts signed by a stranger\u2019s key, in turn for the consumer\u2019s session and for a random unknown session id, ${PARALLEL} at a time, from 200 addresses (127.0.6.1\u2013200)`,
      spec: ({ sessionId }) => ({ kind: 'junk-prompts', localAddresses: loopbackAliases('127.0.6', 200), parallel: PARALLEL, sessionId }),
    },
  },
  { name: 'baseline (end)' },
];

async function main(samples: number): Promise<void> {
  const loadAverageAtStart = loadavg()[0]!;
  if (loadAverageAtStart > cpus().length / 2) {
    console.warn(`The machine is busy (load average ${loadAverageAtStart.toFixed(1)} on ${cpus().length} cores): expect noisy numbers.`);
  }
  console.log(`Model ${relative(projectRoot, modelPath)}. Starting a dev chain and a provider…`);
  const market = await startDevMarketProvider({ modelPath, threads: THREADS });
  const results: FloodRowResult[] = [];
  try {
    const { deployment, provider } = market;
    const target = { host: provider.host, port: provider.port };
    // The consumer opens its session as the app does, and prompts once: from then on its address has proven it pays.
    const wallet = devAccount('user', deployment.chainId);
    const chain = connectChainClient(chainConfigOf(deployment), wallet);
    const client = new MorRpcClient({ ...target, sessionKey: secp256k1.utils.randomSecretKey() });
    const approval = await client.requestSession({ user: wallet.address, bidId: provider.bidId, spend: market.sessionStake });
    await chain.approveMor(market.sessionStake);
    const { sessionId } = await chain.openSession({
      amount: market.sessionStake, directPayment: true, approval: approval.approval, approvalSignature: approval.approvalSig,
    });

    let prompts = 0;
    /** `count` session.requests naming `user` and as many prompts of the open session, in turn. */
    async function consumer(count: number, user: Hex): Promise<{ requests: Attempt[]; prompts: Attempt[] }> {
      const requests: Attempt[] = [];
      const firstTokens: Attempt[] = [];
      for (let i = 0; i < count; i++) {
        let started = performance.now();
        try {
          await client.requestSession({ user, bidId: provider.bidId, spend: market.sessionStake });
          requests.push({ ms: performance.now() - started, outcome: 'served' });
        } catch (error) {
          requests.push({ ms: performance.now() - started, outcome: outcomeOf(error) });
        }
        started = performance.now();
        let firstText: number | undefined;
        try {
          await client.prompt(sessionId, chat(`Once upon a time ${prompts++}`), (chunk) => {
            if ((JSON.parse(chunk) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content) firstText ??= performance.now();
          });
          firstTokens.push(firstText === undefined ? { ms: performance.now() - started, outcome: 'no text' } : { ms: firstText - started, outcome: 'served' });
        } catch (error) {
          firstTokens.push({ ms: performance.now() - started, outcome: outcomeOf(error) });
        }
      }
      return { requests, prompts: firstTokens };
    }

    await consumer(WARMUP_SAMPLES, wallet.address);
    for (const row of rows) {
      // Each row's session.requests name a user of their own: a flood naming the user takes that user's approvals
      // for minutes (see src/provider/approval-book.ts), which would otherwise reach every later row.
      const user = `0x${randomBytes(20).toString('hex')}` as Hex;
      const spec = row.flood?.spec({ bidId: provider.bidId, sessionId, user });
      const flood = spec && startFlood(target, spec);
      let floodAtStart;
      let floodAtEnd;
      let heldAfterFlood;
      let measured;
      try {
        if (flood) floodAtStart = await fullStrength(flood, spec);
        measured = await consumer(samples, user);
      } finally {
        if (flood) {
          floodAtEnd = await flood.stop();
          heldAfterFlood = await waitForQuiet(provider.port);
        }
      }
      const sessionRequest = latencyRow(measured.requests);
      const firstToken = latencyRow(measured.prompts);
      const baseline = results[0] ?? { sessionRequest, firstToken };
      const result: FloodRowResult = {
        row: row.name,
        flood: row.flood?.description ?? null,
        floodKind: spec?.kind ?? null,
        sessionRequest,
        firstToken,
        timesBaseline: { sessionRequest: sessionRequest.p95Ms / baseline.sessionRequest.p95Ms, firstToken: firstToken.p95Ms / baseline.firstToken.p95Ms },
        allServed: sessionRequest.served === sessionRequest.attempts && firstToken.served === firstToken.attempts,
        ...(floodAtStart && floodAtEnd ? { floodAtStart, floodAtEnd, heldAfterFlood: heldAfterFlood ?? null } : {}),
      };
      results.push(result);
      console.log(
        `${row.name}: session.request p95 ${sessionRequest.p95Ms.toFixed(1)} ms (${sessionRequest.served}/${sessionRequest.attempts} served), ` +
          `first token p95 ${firstToken.p95Ms.toFixed(1)} ms (${firstToken.served}/${firstToken.attempts} served)` +
          (floodAtEnd ? `; flood: ${JSON.stringify({ ...floodAtEnd, elapsedMs: Math.round(floodAtEnd.elapsedMs) })}` : ''),
      );
    }
  } finally {
    await market.close();
  }

  const nodeLlamaCpp = (JSON.parse(await readFile(join(projectRoot, 'node_modules', 'node-llama-cpp', 'package.json'), 'utf8')) as { version: string }).version;
  const floodRows = results.filter((row) => row.flood);
  const result: ProviderFloodsResult = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.versions.node, nodeLlamaCpp, loadAverageAtStart },
    model: { file: relative(projectRoot, modelPath), bytes: (await stat(modelPath)).size },
    settings: {
      samplesPerRow: samples, warmupSamples: WARMUP_SAMPLES, maxTokens: MAX_TOKENS, temperature: 0, seed: 1, threads: THREADS,
      floodConnections: FLOOD_CONNECTIONS, floodParallel: PARALLEL, trickleMs: TRICKLE_MS,
    },
    rows: results,
    checks: {
      loadAverageAtEnd: Number(loadavg()[0]!.toFixed(2)),
      baselinesServed: results.filter((row) => !row.flood).every((row) => row.allServed),
      // A connection flood that lost its connections measured nothing: each kept at least 90% of them open.
      connectionFloodsHeld: floodRows.filter((row) => row.floodKind === 'connections').every((row) => (row.floodAtEnd?.live ?? 0) >= FLOOD_CONNECTIONS * 0.9),
      floodRowsAllServed: floodRows.filter((row) => row.allServed).length,
      floodRows: floodRows.length,
    },
  };
  const files = await writeProviderFloodsResults(join(benchDir, 'results'), result);
  console.log(`\n${providerFloodsMarkdown(result)}`);
  console.log(`Wrote ${files.map((file) => relative(projectRoot, file)).join(', ')}`);
}

try {
  await main(parseSamples(process.argv.slice(2)));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
