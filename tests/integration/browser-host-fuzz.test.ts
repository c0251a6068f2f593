/**
 * The browser host survives anything a client sends: a bounded, seeded fuzz
 * run of malformed HTTP requests (raw TCP) and WebSocket frames (the `ws`
 * client, and raw frames for protocol violations) against a real core and
 * host. Every input must get a clear answer: an HTTP status with a text
 * body, a WebSocket close with a code, or a `result` whose error has a
 * known code and a sentence. After every batch the server must still serve
 * the app and answer app.info. The seed is in the test names: a failure
 * lists the inputs that got no clear answer, and reruns identically.
 */
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { errorCodes, MAX_CALL_BYTES, MAX_MESSAGE_CHARS, methods } from '../../src/api/index.ts';
import { createCore, type Core } from '../../src/core/core.ts';
import { startBrowserHost, type BrowserHost } from '../../src/server/host.ts';
import { demoModelPath } from '../helpers/models.ts';
import { exchange, openApiSocket, parseRawResponse, rawRequest, recordEscapedErrors, type CallAnswer } from '../helpers/raw-http.ts';
import { seededRandom } from '../helpers/seeded-random.ts';
import { unlockedForTests } from '../helpers/vault.ts';

const seed = 0x5eed_2026;
const batchSize = 100;

/** Random choices from one seeded stream. */
function fuzzer(streamSeed: number) {
  const next = seededRandom(streamSeed);
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chance = (p: number) => next() < p;
  const bytes = (length: number) => Buffer.from(Array.from({ length }, () => int(256)));
  const text = (length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-_./%?=&#[]{}:@!$\'"()*+,; \\~`^|<>') =>
    Array.from({ length }, () => alphabet[int(alphabet.length)]).join('');
  return { next, int, pick, chance, bytes, text };
}
type Fuzzer = ReturnType<typeof fuzzer>;

let core: Core;
let host: BrowserHost;
let dataDir: string;
let escaped: ReturnType<typeof recordEscapedErrors>;

beforeAll(async () => {
  escaped = recordEscapedErrors();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-host-fuzz-'));
  const staticDir = path.join(dataDir, 'static');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Hearth</title>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log("hearth")');
  core = await createCore({ mode: 'browser', dataDir, modelPath: demoModelPath, threads: 1, ...unlockedForTests });
  host = await startBrowserHost({ core, port: 0, staticDir });
});

afterAll(async () => {
  escaped.stop();
  await host.close();
  await core.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Runs `work` over `items`, `width` at a time. */
async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) await work(items[index]!);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

/** A short, printable form of an input, for failure lists. */
function show(input: string | Buffer): string {
  const raw = typeof input === 'string' ? input : input.toString('latin1');
  const escaped = JSON.stringify(raw.length > 160 ? `${raw.slice(0, 160)}…(${raw.length} chars)` : raw);
  return escaped;
}

/** Nothing escaped the host's handlers, and it still works for a normal client: the app loads and app.info answers. */
async function expectHealthy(): Promise<void> {
  expect(escaped.errors).toEqual([]);
  const page = await rawRequest(host.port, `GET /?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`);
  expect(page).toMatchObject({ status: 200, body: expect.stringContaining('<title>Hearth</title>') });
  const socket = await openApiSocket(host.port, host.token);
  expect(await exchange(socket, JSON.stringify({ type: 'call', id: 1, method: 'app.info', params: {} }))).toMatchObject({
    result: { id: 1, ok: true, result: { mode: 'browser', dataDir } },
  });
  socket.close();
}

// ---------------------------------------------------------------- HTTP

/** Statuses that answer a bad or refused request (200, and 101 for an upgrade, where an input turns out well-formed). */
const clearStatuses = new Set([101, 200, 400, 401, 403, 404, 405, 408, 413, 417, 421, 431]);

function httpInputs(f: Fuzzer, count: number, port: number, token: string): (string | Buffer)[] {
  const hostHeader = `Host: 127.0.0.1:${port}\r\n`;
  const knownMethods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'MKCOL', 'LOCK', 'PURGE', 'SEARCH', 'CONNECT'];
  const strangeMethods = ['FOO', 'get', 'G ET', 'GET\t', '', 'BREW', 'GETT', '\u00c9T\u00c9', 'G\u0000T', 'X'.repeat(100)];
  const targets = [
    'http://[', 'http://[::1', 'http://]', 'http://[/?x', `http://127.0.0.1:${port}/?token=${token}`, 'http://evil.example/',
    `http://localhost:${port}/%`, 'https://127.0.0.1/', 'ftp://x/', 'http://%zz/', 'http://a b/', 'http://:0/', 'http://user@[::1]:x/',
    '*', 'index.html', '?token=x', '//evil.example/x', '/%', '/%E0%A4%A', '/%zz', '/%%', '/%00', '/%C0%AF', '/..%2f..%2fetc%2fpasswd',
    '/\\..\\secret', '/%2e%2e/%2e%2e/', '/assets/%ff%fe.js', '/a?b=%', '/?token=%', `/%?token=${token}`, `/%E0%A4%A?token=${token}`,
    `/assets/app.js?token=${token}`, `/?token=${token}&token=x`, '/' + 'a'.repeat(3000), `/${'%41'.repeat(500)}?token=${token}`,
  ];
  const versions = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTP/1', 'HTTP', 'http/1.1', 'HTTP/1.1 extra', ''];
  const tokenQuery = () => (f.chance(0.5) ? `?token=${token}` : f.chance(0.5) ? '?token=wrong' : '');
  const randomTarget = () => (f.chance(0.6) ? f.pick(targets) : `/${f.text(f.int(40))}${tokenQuery()}`);
  const randomHeaders = () => {
    const lines: string[] = [];
    if (f.chance(0.8)) lines.push(hostHeader.trimEnd());
    if (f.chance(0.2)) lines.push(f.pick(['Host: evil.example', `Host: 127.0.0.1:${port + 1}`, 'Host: ', `Host: localhost:${port}`, 'Host: [::1']));
    if (f.chance(0.2)) lines.push(`Origin: ${f.pick(['null', 'http://evil.example', `http://127.0.0.1:${port}`, '', 'file://', '\u00ff'])}`);
    if (f.chance(0.15)) lines.push(`Cookie: hearth_token=${f.chance(0.5) ? token : f.text(10)}; x=${f.text(5)}`);
    if (f.chance(0.1)) lines.push(`Content-Length: ${f.pick(['5', '-1', 'abc', '99999999999999999999', '3, 4'])}`);
    if (f.chance(0.1)) lines.push(`Transfer-Encoding: ${f.pick(['chunked', 'gzip', 'chunked, chunked', 'x'])}`);
    if (f.chance(0.1)) lines.push(`Expect: ${f.pick(['100-continue', 'something-else'])}`);
    if (f.chance(0.1)) lines.push(`${f.text(f.int(12) + 1)}: ${f.text(f.int(30))}`);
    if (f.chance(0.05)) lines.push(`X-Bad: a\u0000b`, 'No colon here');
    return lines;
  };

  const inputs: (string | Buffer)[] = [];
  const kinds = [
    // Malformed and absolute-form request lines.
    () => `${f.pick(knownMethods.slice(0, 2))} ${f.pick(targets)} ${f.pick(versions)}\r\n${hostHeader}\r\n`,
    // Unknown and strange methods.
    () => `${f.pick([...knownMethods, ...strangeMethods])} ${randomTarget()} HTTP/1.1\r\n${randomHeaders().join('\r\n')}\r\n\r\n`,
    // Random headers: bad Host, Origin, lengths, encodings.
    () => `GET ${randomTarget()} HTTP/1.1\r\n${randomHeaders().join('\r\n')}\r\n\r\n${f.chance(0.2) ? f.text(10) : ''}`,
    // Huge headers.
    () => `GET /?token=${token} HTTP/1.1\r\n${hostHeader}X-Big: ${'b'.repeat(16_384 + f.int(30_000))}\r\n\r\n`,
    () => `GET /?token=${token} HTTP/1.1\r\n${hostHeader}${Array.from({ length: 2_100 + f.int(500) }, (_, i) => `X-${i}: ${i}`).join('\r\n')}\r\n\r\n`,
    // Truncated requests: a plausible request cut anywhere (the connection then half-closes).
    () => {
      const full = `GET /assets/app.js?token=${token} HTTP/1.1\r\n${hostHeader}Accept: */*\r\nContent-Length: 10\r\n\r\n0123456789`;
      return full.slice(0, f.int(full.length - 1) + 1);
    },
    // Binary garbage, alone or after a request line.
    () => f.bytes(1 + f.int(400)),
    () => Buffer.concat([Buffer.from(`GET / HTTP/1.1\r\n${hostHeader}`), f.bytes(1 + f.int(100)), Buffer.from('\r\n\r\n')]),
    // Malformed WebSocket upgrades: bad targets, missing or wrong handshake headers, no token.
    () => {
      const headers = [
        hostHeader.trimEnd(),
        f.chance(0.8) ? 'Connection: Upgrade' : 'Connection: close',
        `Upgrade: ${f.pick(['websocket', 'WebSocket', 'h2c', ''])}`,
        ...(f.chance(0.7) ? [`Sec-WebSocket-Version: ${f.pick(['13', '8', 'x'])}`] : []),
        ...(f.chance(0.5) ? [`Sec-WebSocket-Key: ${f.pick(['dGhlIHNhbXBsZSBub25jZQ==', 'short', ''])}`] : []),
        ...(f.chance(0.2) ? ['Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=99'] : []),
        ...(f.chance(0.2) ? ['Origin: http://evil.example'] : []),
      ];
      const target = f.chance(0.5) ? f.pick(targets) : `/api${tokenQuery()}`;
      return `GET ${target} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`;
    },
  ];
  for (let i = 0; i < count; i += 1) inputs.push(f.pick(kinds)());
  return inputs;
}

// ---------------------------------------------------------------- WebSocket calls

const knownCodes = new Set(Object.keys(errorCodes));
/** Methods that only read, so that they may be called with well-formed (or stripped) params. */
const readOnlyMethods = ['app.info', 'model.status', 'vault.status', 'conversations.list', 'conversations.search', 'conversations.get', 'models.list', 'memory.list', 'documents.list'];
const allMethods = Object.keys(methods);

/** Params of the wrong type for every method: no object, so no schema can accept them. */
const wrongTypedParams: unknown[] = [0, 1, -1, 1.5, true, false, 'params', '', [], [{}], [1, 2], ['text'], 'null'];

/** Specific wrong shapes for methods that would do real work with right ones. */
const wrongShapes: [string, unknown][] = [
  ['chat.send', { conversationId: null, text: 5 }],
  ['chat.send', { conversationId: 5, text: 'hi' }],
  ['chat.send', { conversationId: null, text: ['hi'] }],
  ['chat.send', { conversationId: null, text: '   ' }],
  ['chat.send', { conversationId: null, text: 'x'.repeat(MAX_MESSAGE_CHARS + 1) }],
  ['chat.send', { conversationId: null, text: 'a\ud800b' }],
  ['chat.send', { conversationId: null, text: '\udfff' }],
  ['chat.send', { conversationId: 'c\ud83d', text: 'hi' }],
  ['chat.stop', { messageId: 5 }],
  ['chat.regenerate', { messageId: '' }],
  ['chat.continue', { messageId: 7 }],
  ['models.download', { id: {} }],
  ['models.import', { path: 7 }],
  ['models.import', { path: '   ' }],
  ['models.delete', { id: '' }],
  ['models.activate', { id: null }],
  ['models.useGpu', { enabled: 'yes' }],
  ['models.useForEmbeddings', { id: [] }],
  ['vault.create', { passphrase: 5 }],
  ['vault.unlock', { passphrase: ['x'] }],
  ['vault.changePassphrase', { current: 1, next: 2 }],
  ['memory.add', { text: 42 }],
  ['memory.add', { text: 'fact \ud800' }],
  ['memory.update', { id: 3 }],
  ['memory.delete', { id: {} }],
  ['documents.add', { path: false }],
  ['documents.passage', { chunkId: 'one' }],
  ['documents.pin', { conversationId: 'c', documentId: 'd', pinned: 'yes' }],
  ['data.wipe', { confirm: 'yes' }],
  ['data.wipe', { confirm: true }],
  ['walletConnect.set', { projectId: 32 }],
  ['walletConnect.set', { projectId: 'not a project id' }],
];

interface FrameCase {
  frame: string | Buffer;
  binary?: boolean;
  /** The id the answer must carry. */
  id: number;
  /** Well-formed calls to read-only methods may succeed. */
  mayPass: boolean;
}

function nested(depth: number, open: string, close: string): string {
  return open.repeat(depth) + close.repeat(depth);
}

/** {"a":{"a":…1…}}, 6 bytes a level. */
function nestedObject(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

function callFrames(f: Fuzzer, count: number): FrameCase[] {
  const call = (id: number, method: unknown, params: unknown) => JSON.stringify({ type: 'call', id, method, params });
  const randomJson = (depth: number): unknown => {
    const kind = f.int(depth > 3 ? 5 : 7);
    if (kind === 0) return f.int(1_000_000) - 500_000;
    if (kind === 1) return f.text(f.int(20));
    if (kind === 2) return f.chance(0.5);
    if (kind === 3) return null;
    if (kind === 4) return f.next() * 1e300;
    if (kind === 5) return Array.from({ length: f.int(4) }, () => randomJson(depth + 1));
    return Object.fromEntries(Array.from({ length: f.int(4) }, () => [f.text(1 + f.int(8)), randomJson(depth + 1)]));
  };
  const kinds: (() => FrameCase)[] = [
    // Not JSON: garbage, truncated calls, bare words.
    () => ({ frame: f.pick(['', '{', '[', '{half a json', 'undefined', 'NaN', '{"type":', "{'type':'call'}", f.text(f.int(200))]), id: -1, mayPass: false }),
    () => {
      const whole = call(7, 'app.info', {});
      return { frame: whole.slice(0, f.int(whole.length - 1)), id: -1, mayPass: false };
    },
    // JSON that is not a call.
    () => ({ frame: JSON.stringify(randomJson(0)), id: -1, mayPass: false }),
    () => ({ frame: f.pick(['null', '1', '"x"', 'true', '[]', '{}', '[{"type":"call","id":1,"method":"app.info"}]']), id: -1, mayPass: false }),
    // Deep nesting, at the top or inside params.
    () => ({ frame: nested(1 + f.int(100_000), '[', ']'), id: -1, mayPass: false }),
    () => ({ frame: nestedObject(1 + f.int(40_000)), id: -1, mayPass: false }),
    () => {
      const depth = 1 + f.int(40_000);
      const id = f.int(1000);
      return { frame: `{"type":"call","id":${id},"method":"${f.pick(readOnlyMethods)}","params":${nestedObject(depth)}}`, id, mayPass: true };
    },
    // Wrong types for type, id, method and params.
    () => {
      const wrongId = f.pick<unknown>(['1', 1.5, null, [], {}, 1e300, 2 ** 53, -(2 ** 60), true]);
      return { frame: JSON.stringify({ type: 'call', id: wrongId, method: 'app.info', params: {} }), id: -1, mayPass: false };
    },
    () => {
      const id = f.int(1_000_000);
      return { frame: JSON.stringify({ type: f.pick(['result', 'event', 'CALL', '', null, 1]), id, method: 'app.info', params: {} }), id, mayPass: false };
    },
    () => {
      const id = f.int(1_000_000);
      const method = f.pick<unknown>([5, null, [], {}, true, '', 'app.info\u0000', 'APP.INFO', ' app.info', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'x'.repeat(10_000), 'app.\ud800']);
      return { frame: call(id, method, {}), id, mayPass: false };
    },
    // Unknown methods.
    () => {
      const id = f.int(1_000_000);
      return { frame: call(id, `${f.text(1 + f.int(10))}.${f.text(1 + f.int(10))}`, randomJson(0)), id, mayPass: false };
    },
    // Every method with params that are not an object.
    () => {
      const id = f.int(1_000_000);
      return { frame: call(id, f.pick(allMethods), f.pick(wrongTypedParams)), id, mayPass: false };
    },
    // Specific wrong shapes, lone surrogates among them.
    () => {
      const id = f.int(1_000_000);
      const [method, params] = f.pick(wrongShapes);
      return { frame: call(id, method, params), id, mayPass: false };
    },
    // Read-only methods with random params, lone surrogates and junk keys.
    () => {
      const id = f.int(1_000_000);
      const params = f.pick<unknown>([
        randomJson(0),
        { query: f.text(1 + f.int(50)) },
        { query: `x\ud800${f.text(3)}` },
        { id: f.text(1 + f.int(70)) },
        { id: '\udc00' },
        { ['k\ud800']: 1 },
        null,
      ]);
      return { frame: call(id, f.pick(readOnlyMethods), params), id, mayPass: true };
    },
    // Binary frames.
    () => ({ frame: f.bytes(f.int(300)), binary: true, id: -1, mayPass: false }),
    () => ({ frame: Buffer.from(call(3, 'app.info', {})), binary: true, id: -1, mayPass: false }),
  ];
  return Array.from({ length: count }, () => f.pick(kinds)());
}

/** Why `answer` is not a clear answer to `frame`, or null when it is. */
function problemWith(frame: FrameCase, answer: { result: CallAnswer } | { closed: number }): string | null {
  if (!('result' in answer)) return `the socket closed (${answer.closed}) instead of answering`;
  const { result } = answer;
  if (result.id !== frame.id) return `answered under id ${JSON.stringify(result.id)}, not ${frame.id}`;
  if (result.ok) return frame.mayPass ? null : 'succeeded';
  const error = result.error;
  if (!error || !knownCodes.has(error.code)) return `unknown error code ${JSON.stringify(error?.code)}`;
  if (error.code === 'INTERNAL') return `INTERNAL: ${error.details ?? ''}`;
  if (!/\S.*[.!?]$/.test(error.message) || error.action.trim() === '') return `no sentence: ${JSON.stringify(error)}`;
  return null;
}

// ---------------------------------------------------------------- WebSocket frames that close the socket

/** Opens a WebSocket by hand, so that frames can break the protocol; resolves once the handshake is done. */
function rawWebSocket(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(host.port, '127.0.0.1');
    socket.on('error', reject);
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (!head.startsWith('HTTP/1.1 101')) reject(new Error(`handshake refused: ${head}`));
      else resolve(socket);
    };
    socket.on('data', onData);
    socket.write(
      `GET /api?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${cryptoRandomBytes(16).toString('base64')}\r\n\r\n`,
    );
  });
}

/** One frame; `mask` null sends it unmasked (which clients must not). */
function frame(opcode: number, payload: Buffer, options: { fin?: boolean; rsv?: number; mask?: Buffer | null; length?: bigint } = {}): Buffer {
  const first = ((options.fin ?? true) ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | opcode;
  const mask = options.mask === undefined ? Buffer.from([1, 2, 3, 4]) : options.mask;
  const length = options.length ?? BigInt(payload.length);
  let header: Buffer;
  if (length < 126n) header = Buffer.from([first, (mask ? 0x80 : 0) | Number(length)]);
  else if (length < 65_536n) {
    header = Buffer.alloc(4);
    header.writeUInt8(first, 0);
    header.writeUInt8((mask ? 0x80 : 0) | 126, 1);
    header.writeUInt16BE(Number(length), 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(first, 0);
    header.writeUInt8((mask ? 0x80 : 0) | 127, 1);
    header.writeBigUInt64BE(length, 2);
  }
  if (!mask) return Buffer.concat([header, payload]);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([header, mask, masked]);
}

/** Sends `bytes` on a fresh raw WebSocket and resolves with the code of the server's close frame (null if it sent none). */
async function closeCodeFor(bytes: Buffer): Promise<number | null> {
  const socket = await rawWebSocket();
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    let settled = false;
    const settle = (code: number | null) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(code);
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      // The server's frames are unmasked; skip any results and events until its close frame.
      while (received.length >= 2) {
        const opcode = received[0]! & 0x0f;
        let length = received[1]! & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (received.length < 4) return;
          length = received.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (received.length < 10) return;
          length = Number(received.readBigUInt64BE(2));
          offset = 10;
        }
        if (received.length < offset + length) return;
        if (opcode === 0x8) {
          settle(length >= 2 ? received.readUInt16BE(offset) : null);
          return;
        }
        received = received.subarray(offset + length);
      }
    });
    socket.on('error', () => settle(null));
    socket.on('close', () => settle(null));
    socket.write(bytes);
  });
}

/** Protocol violations, each with the close code RFC 6455 gives it. */
function protocolCases(f: Fuzzer, count: number): { bytes: Buffer; codes: number[]; label: string }[] {
  const invalidUtf8 = () => f.pick([Buffer.from([0xc3, 0x28]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xff, 0xfe]), Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80])]);
  const closePayload = (code: number, reason: Buffer = Buffer.alloc(0)) => {
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code, 0);
    return Buffer.concat([payload, reason]);
  };
  const kinds: (() => { bytes: Buffer; codes: number[]; label: string })[] = [
    () => ({ label: 'unmasked text frame', bytes: frame(0x1, Buffer.from('{"type":"call"}'), { mask: null }), codes: [1002] }),
    () => ({ label: 'reserved bits set', bytes: frame(0x1, Buffer.from('{}'), { rsv: 1 + f.int(7) }), codes: [1002] }),
    () => ({ label: 'unknown opcode', bytes: frame(f.pick([0x3, 0x4, 0x5, 0x6, 0x7, 0xb, 0xc, 0xd, 0xe, 0xf]), f.bytes(f.int(20))), codes: [1002] }),
    () => ({ label: 'continuation without a first frame', bytes: frame(0x0, Buffer.from('x')), codes: [1002] }),
    () => ({ label: 'fragmented ping', bytes: frame(0x9, Buffer.from('x'), { fin: false }), codes: [1002] }),
    () => ({ label: 'ping over 125 bytes', bytes: frame(0x9, f.bytes(126 + f.int(200))), codes: [1002] }),
    () => ({ label: 'close frame of one byte', bytes: frame(0x8, Buffer.from([3])), codes: [1002] }),
    () => ({ label: 'close with an invalid code', bytes: frame(0x8, closePayload(f.pick([0, 999, 1004, 1005, 1006, 1015, 2999, 5000]))), codes: [1002] }),
    () => ({ label: 'close with an invalid UTF-8 reason', bytes: frame(0x8, closePayload(1000, invalidUtf8())), codes: [1007] }),
    () => ({ label: 'text frame of invalid UTF-8', bytes: frame(0x1, Buffer.concat([Buffer.from('{"a":"'), invalidUtf8(), Buffer.from('"}')])), codes: [1007] }),
    () => ({ label: 'fragmented text of invalid UTF-8', bytes: Buffer.concat([frame(0x1, Buffer.from('ab'), { fin: false }), frame(0x0, invalidUtf8())]), codes: [1007] }),
    () => ({ label: 'new text frame inside a fragmented one', bytes: Buffer.concat([frame(0x1, Buffer.from('ab'), { fin: false }), frame(0x1, Buffer.from('cd'))]), codes: [1002] }),
    () => ({ label: '64-bit length with its top bit set', bytes: frame(0x1, Buffer.alloc(0), { length: 2n ** 63n + BigInt(f.int(1000)) }), codes: [1009, 1002] }),
    () => ({ label: 'length header over the limit', bytes: frame(0x1, Buffer.alloc(0), { length: BigInt(MAX_CALL_BYTES + 1 + f.int(1_000_000)) }), codes: [1009] }),
    () => ({ label: 'fragments adding up over the limit', bytes: Buffer.concat([frame(0x1, Buffer.alloc(MAX_CALL_BYTES / 2 + 1, 'a'), { fin: false }), frame(0x0, Buffer.alloc(MAX_CALL_BYTES / 2 + 1, 'a'))]), codes: [1009] }),
  ];
  return Array.from({ length: count }, () => f.pick(kinds)());
}

describe(`the browser host under fuzzing (seed ${seed.toString(16)})`, () => {
  it(`answers 1,000 malformed HTTP requests each with a status and a sentence, and keeps serving (seed ${seed.toString(16)})`, async () => {
    const f = fuzzer(seed);
    const inputs = httpInputs(f, 1_000, host.port, host.token);
    for (let start = 0; start < inputs.length; start += batchSize) {
      const failures: string[] = [];
      await pool(inputs.slice(start, start + batchSize), 8, async (input) => {
        const answer = await rawRequest(host.port, input);
        if (answer.status === null) failures.push(`no HTTP answer to ${show(input)}: ${show(answer.raw)}`);
        else if (!clearStatuses.has(answer.status)) failures.push(`status ${answer.status} for ${show(input)}: ${answer.body}`);
        else if (answer.status !== 101 && answer.body.trim() === '') failures.push(`status ${answer.status} without a sentence for ${show(input)}`);
      });
      expect(failures, `inputs ${start}-${start + batchSize - 1}`).toEqual([]);
      await expectHealthy();
    }
  }, 120_000);

  it(`answers 1,000 malformed WebSocket calls each with a result carrying a known error and a sentence (seed ${(seed + 1).toString(16)})`, async () => {
    const f = fuzzer(seed + 1);
    const frames = callFrames(f, 1_000);
    const sockets: WebSocket[] = await Promise.all(Array.from({ length: 4 }, () => openApiSocket(host.port, host.token)));
    for (let start = 0; start < frames.length; start += batchSize) {
      const failures: string[] = [];
      const batch = frames.slice(start, start + batchSize);
      // Each socket answers its share in order; the four run side by side.
      await Promise.all(
        sockets.map(async (socket, lane) => {
          for (let index = lane; index < batch.length; index += sockets.length) {
            const item = batch[index]!;
            const answer = await exchange(socket, item.frame, { binary: item.binary ?? false });
            const problem = problemWith(item, answer);
            if (problem !== null) failures.push(`${problem}: ${show(item.frame)}`);
          }
        }),
      );
      expect(failures, `frames ${start}-${start + batchSize - 1}`).toEqual([]);
      await expectHealthy();
    }
    await expect(core.call('conversations.list', {})).resolves.toEqual([]);
    await expect(core.call('memory.list', {})).resolves.toEqual([]);
    for (const socket of sockets) socket.close();
  }, 120_000);

  it(`closes only the offending socket, with the fitting code, for oversized frames, invalid UTF-8 and protocol violations (seed ${(seed + 2).toString(16)})`, async () => {
    const f = fuzzer(seed + 2);
    const bystander = await openApiSocket(host.port, host.token);
    const failures: string[] = [];

    // Through the ws client: oversized text and binary frames, and text frames that are not UTF-8.
    const clientCases = Array.from({ length: 60 }, () => {
      const kind = f.int(3);
      if (kind === 0) return { label: 'oversized text', data: 'x'.repeat(MAX_CALL_BYTES + 1 + f.int(300_000)), binary: false, code: 1009 };
      if (kind === 1) return { label: 'oversized binary', data: f.bytes(MAX_CALL_BYTES + 1 + f.int(1000)), binary: true, code: 1009 };
      const bad = f.pick([[0xc3, 0x28], [0xed, 0xa0, 0x80], [0xff], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80]]);
      return { label: 'invalid UTF-8 text', data: Buffer.concat([Buffer.from('{"type":"call","id":1,"method":"'), Buffer.from(bad), Buffer.from('"}')]), binary: false, code: 1007 };
    });
    await pool(clientCases, 4, async (item) => {
      const socket = await openApiSocket(host.port, host.token);
      const answer = await exchange(socket, item.data, { binary: item.binary });
      if (!('closed' in answer) || answer.closed !== item.code) failures.push(`${item.label}: expected close ${item.code}, got ${JSON.stringify(answer)}`);
    });

    // By hand: frames no client library would send.
    const rawCases = protocolCases(f, 150);
    await pool(rawCases, 4, async (item) => {
      const code = await closeCodeFor(item.bytes);
      if (code === null || !item.codes.includes(code)) failures.push(`${item.label}: expected close ${item.codes.join(' or ')}, got ${code}`);
    });

    expect(failures).toEqual([]);
    expect(await exchange(bystander, JSON.stringify({ type: 'call', id: 5, method: 'app.info', params: {} }))).toMatchObject({ result: { id: 5, ok: true } });
    bystander.close();
    await expectHealthy();
  }, 120_000);
});

it('parses a raw response the way the fuzz test reads them', () => {
  expect(parseRawResponse('HTTP/1.1 400 Bad Request\r\ncontent-length: 5\r\n\r\nHello')).toEqual({
    status: 400,
    headers: { 'content-length': '5' },
    body: 'Hello',
  });
});
