/**
 * The floods of `npm run bench:provider-floods`, each run in a worker
 * thread so its sockets never share the measuring consumer's event loop.
 * Linux routes all of 127/8 to this machine, so each loopback alias is
 * another remote address to the provider, as many computers would be:
 * - connections: `count` connections from the given addresses in turn,
 *   each trickling a byte of a ping request every `trickleMs` (0: sending
 *   nothing), each opened again as soon as the provider closes it;
 * - forged session.requests: `parallel` at a time, each signed by a fresh
 *   attacker key and naming `user` (null: a fresh user each), sent again as
 *   soon as one is answered;
 * - junk prompts: `parallel` at a time, session.prompts signed by a
 *   stranger's key, in turn for a real session and for a random session id
 *   the provider has never seen.
 * This module is also the worker's entry: loaded in a worker thread with
 * `workerData.flood`, it runs that flood until told to stop.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import {
  emptySignature, encodePromptRequest, encodeRpcRequest, encodeSessionRequest, type Hex,
} from '../../src/market/morrpc/messages.ts';
import { JsonObjectSplitter } from '../../src/market/morrpc/object-splitter.ts';
import { parseMessage, rpcResponseSchema } from '../../src/market/morrpc/schemas.ts';
import { publicKeyOf } from '../../src/market/morrpc/signature.ts';
import { withSignature } from '../../src/market/morrpc/signing.ts';

export type FloodSpec =
  | { kind: 'connections'; localAddresses: string[]; count: number; trickleMs: number }
  | { kind: 'forged-requests'; localAddresses: string[]; parallel: number; bidId: Hex; user: Hex | null }
  | { kind: 'junk-prompts'; localAddresses: string[]; parallel: number; sessionId: Hex };

export interface FloodTarget {
  host: string;
  port: number;
}

/** What a flood did so far. Connections: opened, closed by the provider, open now. Requests: how each was answered. */
export interface FloodStats {
  elapsedMs: number;
  opened: number;
  closedByProvider: number;
  live: number;
  answers: Record<string, number>;
}

type ToWorker = 'stats' | 'stop';
type FromWorker = { stats: FloodStats } | { stopped: true };

/** `n` loopback aliases `prefix.1` … `prefix.n`. */
export const loopbackAliases = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}.${i + 1}`);

export const answered = (stats: FloodStats): number => Object.values(stats.answers).reduce((sum, n) => sum + n, 0);

export interface RunningFlood {
  stats(): Promise<FloodStats>;
  stop(): Promise<FloodStats>;
}

export function startFlood(target: FloodTarget, spec: FloodSpec): RunningFlood {
  const worker = new Worker(new URL(import.meta.url), { workerData: { flood: { target, spec } } });
  let failure: unknown;
  worker.on('error', (error) => { failure = error; });
  const next = <T extends FromWorker>(predicate: (message: FromWorker) => message is T) => new Promise<T>((resolve, reject) => {
    if (failure) return reject(failure as Error);
    const onError = (error: Error) => { worker.off('message', listen); reject(error); };
    const listen = (message: FromWorker) => {
      if (!predicate(message)) return;
      worker.off('message', listen);
      worker.off('error', onError);
      resolve(message);
    };
    worker.on('message', listen);
    worker.once('error', onError);
  });
  const ask = async (message: ToWorker): Promise<FloodStats> => {
    const reply = next((m): m is { stats: FloodStats } => 'stats' in m);
    worker.postMessage(message);
    return (await reply).stats;
  };
  return {
    stats: () => ask('stats'),
    async stop() {
      const stats = await ask('stats');
      const stopped = next((m): m is { stopped: true } => 'stopped' in m);
      worker.postMessage('stop' satisfies ToWorker);
      await stopped;
      await worker.terminate();
      return stats;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the flood is at full strength: every connection opened and a
 * first round of them already cut by the provider and opened again; or, for
 * requests, `warmAnswers` answered. At most `maxMs`.
 */
export async function fullStrength(flood: RunningFlood, spec: FloodSpec, { warmAnswers = 500, maxMs = 15_000 } = {}): Promise<FloodStats> {
  const started = performance.now();
  for (;;) {
    const stats = await flood.stats();
    const strong = spec.kind === 'connections' ? stats.closedByProvider >= spec.count : answered(stats) >= warmAnswers;
    if (strong || performance.now() - started >= maxMs) return stats;
    await sleep(100);
  }
}

/** Connections the process listening on `port` holds now (established, or closed by the peer and not yet by it), from /proc/net/tcp; null off Linux. */
export async function connectionsHeldOn(port: number): Promise<number | null> {
  const table = await readFile('/proc/net/tcp', 'utf8').catch(() => null);
  if (table === null) return null;
  return table.trim().split('\n').slice(1).filter((line) => {
    const [, local = '', , state] = line.trim().split(/\s+/);
    return parseInt(local.split(':')[1] ?? '', 16) === port && (state === '01' || state === '08');
  }).length;
}

/** Waits, at most `maxMs`, until the provider holds no more than `atMost` connections: a flood's remains do not reach the next row. */
export async function waitForQuiet(port: number, { atMost = 2, maxMs = 15_000 } = {}): Promise<number | null> {
  const started = performance.now();
  for (;;) {
    const held = await connectionsHeldOn(port);
    if (held === null) {
      await sleep(2_000);
      return null;
    }
    if (held <= atMost || performance.now() - started >= maxMs) return held;
    await sleep(100);
  }
}

// ---- The worker's side ----

/** A ping request that never ends: 1 MiB of nonce, trickled a byte at a time. */
const endlessPing = `{"id":"1","method":"network.ping","params":{"nonce":"0x${'0'.repeat(1 << 20)}`;

interface Flooding {
  stats(): FloodStats;
  /** Resolves once every socket is closed. */
  stop(): Promise<void>;
}

function floodConnections(target: FloodTarget, { localAddresses, count, trickleMs }: Extract<FloodSpec, { kind: 'connections' }>): Flooding {
  const started = performance.now();
  const sockets = new Set<net.Socket>();
  let stopping = false;
  let opened = 0;
  let closedByProvider = 0;
  let allClosed: () => void = () => {};
  const open = (i: number) => {
    opened++;
    const socket = net.connect({ host: target.host, port: target.port, localAddress: localAddresses[i % localAddresses.length]! });
    sockets.add(socket);
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    if (trickleMs > 0) {
      socket.on('connect', () => {
        const drip = () => socket.write(endlessPing[sent++ % endlessPing.length]!);
        drip();
        timer = setInterval(drip, trickleMs);
      });
    }
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      sockets.delete(socket);
      if (stopping) {
        if (sockets.size === 0) allClosed();
        return;
      }
      closedByProvider++;
      setImmediate(() => open(i));
    });
  };
  for (let i = 0; i < count; i++) open(i);
  return {
    stats: () => ({ elapsedMs: performance.now() - started, opened, closedByProvider, live: sockets.size, answers: {} }),
    stop() {
      stopping = true;
      const closed = new Promise<void>((resolve) => { allClosed = resolve; });
      if (sockets.size === 0) return Promise.resolve();
      for (const socket of sockets) socket.destroy();
      return closed;
    },
  };
}

/** One request from `localAddress`: how the provider answered it (`resultName` for a result, or its error's code). */
function exchangeFrom(target: FloodTarget, localAddress: string, envelope: string, resultName: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: target.host, port: target.port, localAddress });
    const splitter = new JsonObjectSplitter(4 * 1024 * 1024);
    let answer: string | undefined;
    // The provider closes the connection once it has answered (this side ended with the request); a failure closes it here.
    const settle = (value: string, close = false) => {
      answer ??= value;
      if (close) socket.destroy();
    };
    socket.setTimeout(30_000, () => settle('no answer in 30 s', true));
    socket.on('connect', () => socket.end(envelope));
    socket.on('data', (chunk: Buffer) => {
      try {
        // Only the first reply object matters: a refusal is one object, a result (a prompt's chunks) may be several.
        const [first] = splitter.push(chunk);
        if (first === undefined) return;
        const reply = parseMessage(first, rpcResponseSchema);
        settle(reply.error ? reply.error.message.split(':', 1)[0]! : resultName);
      } catch {
        settle('unreadable answer', true);
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => settle(error.code ?? 'socket error', true));
    socket.on('close', () => resolve(answer ?? 'closed without an answer'));
  });
}

/** `parallel` loops, each sending the next request as soon as its last one is answered. */
function floodRequests(parallel: number, send: (n: number) => Promise<string>): Flooding {
  const started = performance.now();
  const answers: Record<string, number> = {};
  let stopping = false;
  let next = 0;
  const loops = Promise.all(Array.from({ length: parallel }, async () => {
    while (!stopping) {
      const answer = await send(next++);
      answers[answer] = (answers[answer] ?? 0) + 1;
    }
  }));
  return {
    stats: () => ({ elapsedMs: performance.now() - started, opened: next, closedByProvider: 0, live: 0, answers: { ...answers } }),
    async stop() {
      stopping = true;
      await loops;
    },
  };
}

function floodForgedRequests(target: FloodTarget, { localAddresses, parallel, bidId, user }: Extract<FloodSpec, { kind: 'forged-requests' }>): Flooding {
  return floodRequests(parallel, (n) => {
    const attackerKey = secp256k1.utils.randomSecretKey();
    const named = user ?? (`0x${randomBytes(20).toString('hex')}` as Hex);
    const request = withSignature({
      signature: emptySignature, user: named, key: publicKeyOf(attackerKey), spend: 10n ** 18n, timestamp: Date.now(), bidid: bidId,
    }, encodeSessionRequest, attackerKey);
    const envelope = encodeRpcRequest(`forged-${n}`, 'session.request', encodeSessionRequest(request));
    return exchangeFrom(target, localAddresses[n % localAddresses.length]!, envelope, 'approved');
  });
}

function floodJunkPrompts(target: FloodTarget, { localAddresses, parallel, sessionId }: Extract<FloodSpec, { kind: 'junk-prompts' }>): Flooding {
  const strangerKey = secp256k1.utils.randomSecretKey();
  const message = JSON.stringify({ model: 'stories260K', stream: true, max_tokens: 8, messages: [{ role: 'user', content: 'Once upon a time' }] });
  return floodRequests(parallel, (n) => {
    // In turn: the real session, signed by the wrong key; a session id never seen, which the provider must look up once.
    const session = n % 2 === 0 ? sessionId : (`0x${randomBytes(32).toString('hex')}` as Hex);
    const request = withSignature({ signature: emptySignature, sessionid: session, message, timestamp: Date.now() }, encodePromptRequest, strangerKey);
    const envelope = encodeRpcRequest(`junk-${n}`, 'session.prompt', encodePromptRequest(request));
    return exchangeFrom(target, localAddresses[n % localAddresses.length]!, envelope, 'streamed');
  });
}

function runFloodWorker({ target, spec }: { target: FloodTarget; spec: FloodSpec }): void {
  const flooding = spec.kind === 'connections' ? floodConnections(target, spec)
    : spec.kind === 'forged-requests' ? floodForgedRequests(target, spec)
      : floodJunkPrompts(target, spec);
  parentPort!.on('message', (message: ToWorker) => {
    if (message === 'stats') parentPort!.postMessage({ stats: flooding.stats() } satisfies FromWorker);
    if (message === 'stop') void flooding.stop().then(() => parentPort!.postMessage({ stopped: true } satisfies FromWorker));
  });
}

if (!isMainThread && (workerData as { flood?: unknown } | null)?.flood) {
  runFloodWorker((workerData as { flood: { target: FloodTarget; spec: FloodSpec } }).flood);
}
