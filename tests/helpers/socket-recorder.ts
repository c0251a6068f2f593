/**
 * Records every network destination a process reaches for: TCP connects
 * (net, tls, http, fetch all end in net.Socket.prototype.connect), UDP
 * sends, DNS look-ups and listening servers, each with the first Hearth
 * frame of the stack that asked. Node's diagnostics channels say where
 * they can (fetch, http, listen, and 'net.client.socket' as a check that
 * no TCP connect escapes the wrap); wraps cover what no channel names a
 * destination for (the TCP connect's address, dgram, dns). A worker
 * process is recorded by starting it with socket-recorder-preload.ts,
 * which appends to a file what it records.
 */
import dgram from 'node:dgram';
import diagnosticsChannel from 'node:diagnostics_channel';
import dns from 'node:dns';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { forkWorker, type LaunchWorker } from '../../src/common/worker-process.ts';

export interface SocketRecord {
  kind: 'tcp' | 'udp' | 'dns' | 'listen' | 'fetch' | 'http';
  host: string;
  port: number | null;
  /** The first frame in src/, else the first outside Node and this file, as `file:line`. */
  frame: string;
  pid: number;
}

const repoRoot = path.resolve(import.meta.dirname, '../..');
const hearthSources = path.join(repoRoot, 'src') + path.sep;
const preloadFile = path.join(import.meta.dirname, 'socket-recorder-preload.ts');

/** True where the destination is this computer: a loopback address, localhost, or a Unix socket. */
export function isLoopback(record: SocketRecord): boolean {
  const host = record.host.replace(/^\[|\]$/g, '').toLowerCase();
  if (host.startsWith('unix:') || host === 'localhost' || host === '::1') return true;
  const v4 = host.startsWith('::ffff:') ? host.slice('::ffff:'.length) : host;
  return net.isIPv4(v4) && v4.startsWith('127.');
}

function callerFrame(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  const frames = stack.split('\n').slice(1).map((line) => line.trim().replace(/^at /, ''));
  // `fn (/abs/file.ts:line:col)`, `file:///abs/…` or a bare `/abs/…`; Node's own `node:internal/…` frames name no file.
  const located = frames
    .map((line) => line.match(/(?:^|\()(?:file:\/\/)?(\/[^()]+?):(\d+):\d+\)?$/))
    .filter((match) => match !== null && match[1] !== import.meta.filename);
  const hearth = located.find((match) => match![1]!.startsWith(hearthSources));
  const chosen = hearth ?? located.find((match) => !match![1]!.includes('/node_modules/')) ?? located[0];
  if (!chosen) return '(only Node frames)';
  return `${hearth ? '' : '(no Hearth frame) '}${path.relative(repoRoot, chosen[1]!)}:${chosen[2]}`;
}

type Unhook = () => void;

function wrapMethod<T extends object>(owner: T, name: string, before: (self: unknown, args: unknown[]) => void): Unhook {
  const original = (owner as Record<string, unknown>)[name];
  if (typeof original !== 'function') return () => undefined;
  (owner as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
    before(this, args);
    return original.apply(this, args);
  };
  return () => {
    (owner as Record<string, unknown>)[name] = original;
  };
}

function subscribe(channel: string, listener: (message: unknown) => void): Unhook {
  diagnosticsChannel.subscribe(channel, listener);
  return () => diagnosticsChannel.unsubscribe(channel, listener);
}

/** What net.Socket#connect was asked for, in any of its call forms (net.connect passes its normalized [options, cb]). */
function connectTarget(args: unknown[]): { host: string; port: number | null } {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first !== null && typeof first === 'object') {
    const options = first as { host?: string; port?: number | string; path?: string };
    if (options.path != null) return { host: `unix:${options.path}`, port: null };
    return { host: options.host || 'localhost', port: options.port == null ? null : Number(options.port) };
  }
  if (typeof first === 'string' && Number.isNaN(Number(first))) return { host: `unix:${first}`, port: null };
  return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: Number(first) };
}

/** dgram's send(msg, [offset, length,] port, [address,] [cb]); a connected socket's send(msg) names no destination. */
function sendTarget(socket: dgram.Socket, args: unknown[]): { host: string; port: number } | null {
  const rest = typeof args[1] === 'number' && typeof args[2] === 'number' && typeof args[3] === 'number' ? args.slice(3) : args.slice(1);
  if (typeof rest[0] !== 'number') return null;
  const defaultHost = (socket as unknown as { type: string }).type === 'udp6' ? '::1' : '127.0.0.1';
  return { host: typeof rest[1] === 'string' ? rest[1] : defaultHost, port: rest[0] };
}

const isResolverMethod = (name: string) => name.startsWith('resolve') || name === 'reverse';

/** Starts recording into `onRecord`; the function returned stops it. */
export function recordSockets(onRecord: (record: SocketRecord) => void): () => void {
  const record = (kind: SocketRecord['kind'], host: string, port: number | null) =>
    onRecord({ kind, host, port, frame: callerFrame(), pid: process.pid });
  const wrapped = new WeakSet<object>();
  const listenFrames = new WeakMap<net.Server, string>();
  const unhooks: Unhook[] = [];

  unhooks.push(
    wrapMethod(net.Socket.prototype, 'connect', (socket, args) => {
      wrapped.add(socket as net.Socket);
      const { host, port } = connectTarget(args);
      record('tcp', host, port);
    }),
  );
  // Node's own connect publishes here, after the wrap has marked the socket: one not marked got past the wrap.
  unhooks.push(
    subscribe('net.client.socket', (message) => {
      const { socket } = message as { socket: net.Socket };
      if (!wrapped.has(socket)) record('tcp', '(a connect the wrap did not see)', null);
    }),
  );
  unhooks.push(
    subscribe('undici:client:beforeConnect', (message) => {
      const { connectParams } = message as { connectParams: { hostname: string; port: string; protocol: string } };
      // An empty port is the scheme's default.
      record('fetch', connectParams.hostname, Number(connectParams.port) || (connectParams.protocol === 'https:' ? 443 : 80));
    }),
    subscribe('http.client.request.start', (message) => {
      const { request } = message as { request: { host: string } };
      record('http', request.host, null);
    }),
    // The bound address is known only at the end, where the caller's stack is gone: its frame is kept from the start.
    subscribe('tracing:net.server.listen:asyncStart', (message) => {
      listenFrames.set((message as { server: net.Server }).server, callerFrame());
    }),
    subscribe('tracing:net.server.listen:asyncEnd', (message) => {
      const { server } = message as { server: net.Server };
      const address = server.address();
      const frame = listenFrames.get(server) ?? callerFrame();
      if (typeof address === 'string') onRecord({ kind: 'listen', host: `unix:${address}`, port: null, frame, pid: process.pid });
      else if (address) onRecord({ kind: 'listen', host: address.address, port: address.port, frame, pid: process.pid });
    }),
  );

  unhooks.push(
    wrapMethod(dgram.Socket.prototype, 'send', (socket, args) => {
      const target = sendTarget(socket as dgram.Socket, args);
      if (target) record('udp', target.host, target.port);
    }),
    wrapMethod(dgram.Socket.prototype, 'connect', (_socket, args) => {
      record('udp', typeof args[1] === 'string' ? args[1] : 'localhost', Number(args[0]));
    }),
  );

  for (const owner of [dns, dns.promises, dns.Resolver.prototype, dns.promises.Resolver.prototype] as object[]) {
    const names = Object.getOwnPropertyNames(owner).filter((name) => name === 'lookup' || name === 'lookupService' || isResolverMethod(name));
    for (const name of names) {
      // lookupService(address, port) is the one that names a port; lookup's second argument is a family.
      unhooks.push(wrapMethod(owner, name, (_owner, args) => record('dns', String(args[0]), name === 'lookupService' ? Number(args[1]) : null)));
    }
  }
  // `import { lookup } from 'node:dns'` bindings follow the module object only once synced.
  syncBuiltinESMExports();

  return () => {
    for (const unhook of unhooks.reverse()) unhook();
    syncBuiltinESMExports();
  };
}

export interface WorkerLog {
  /** Each process started under the recorder: its pid and script. */
  started: { pid: number; script: string }[];
  records: SocketRecord[];
}

/** Launches Hearth's workers exactly as the product does (forkWorker), with the recorder preloaded, appending to `logFile`. */
export function recordingLauncher(logFile: string): LaunchWorker {
  const preload = `--import=${pathToFileURL(preloadFile).href}`;
  return (launch) =>
    forkWorker({
      ...launch,
      env: { ...launch.env, HEARTH_SOCKET_LOG: logFile, NODE_OPTIONS: [launch.env.NODE_OPTIONS, preload].filter(Boolean).join(' ') },
    });
}

export function readWorkerLog(logFile: string): WorkerLog {
  const log: WorkerLog = { started: [], records: [] };
  if (!fs.existsSync(logFile)) return log;
  for (const line of fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean)) {
    const entry = JSON.parse(line) as { started: { pid: number; script: string } } | { record: SocketRecord };
    if ('started' in entry) log.started.push(entry.started);
    else log.records.push(entry.record);
  }
  return log;
}

/** One line per destination and asking frame, with how many times, for a reader of the test's output. */
export function describeRecords(records: SocketRecord[]): string {
  const counts = new Map<string, number>();
  for (const { kind, host, port, frame, pid } of records) {
    const key = `${kind} ${host}${port === null ? '' : `:${port}`}  pid ${pid}  from ${frame}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => `${String(count).padStart(4)} × ${key}`).join('\n') || '(none)';
}
