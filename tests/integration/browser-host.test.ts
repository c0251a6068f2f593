import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CALL_BYTES } from '../../src/api/index.ts';
import { createCore, type Core } from '../../src/core/core.ts';
import { followWalletSources } from '../../src/server/content-security-policy.ts';
import { startBrowserHost, type BrowserHost } from '../../src/server/host.ts';
import { demoModelPath } from '../helpers/models.ts';
import { exchange, openApiSocket, rawRequest, recordEscapedErrors } from '../helpers/raw-http.ts';
import { unlockedForTests } from '../helpers/vault.ts';
let core: Core;
let host: BrowserHost;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-host-'));
  const staticDir = path.join(dataDir, 'static');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Hearth</title>');
  fs.writeFileSync(path.join(dataDir, 'secret.txt'), 'outside the static folder');
  core = await createCore({ mode: 'browser', dataDir, modelPath: demoModelPath, threads: 1, ...unlockedForTests });
  host = await startBrowserHost({ core, port: 0, staticDir });
});

afterAll(async () => {
  await host.close();
  await core.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A raw HTTP GET, so the Host header can be set as an attacker would. */
function get(pathAndQuery: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port: host.port, path: pathAndQuery, headers }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    });
    request.on('error', reject);
  });
}

function openSocket(query: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    // Node's WebSocket sends no Origin unless given one, like a non-browser client.
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api${query}`, { headers } as never);
    socket.addEventListener('open', () => resolve(socket));
    socket.addEventListener('error', () => reject(new Error('refused')));
  });
}

function nextResult(socket: WebSocket): Promise<{ id: number; ok: boolean; result?: unknown; error?: { code: string } }> {
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent) => {
      const message = JSON.parse(String(event.data));
      if (message.type === 'result') {
        socket.removeEventListener('message', onMessage);
        resolve(message);
      }
    };
    socket.addEventListener('message', onMessage);
  });
}

describe('the browser host', () => {
  it('prints a loopback URL carrying a random token, and serves the app to it', async () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[\\w-]{32}$`));
    const page = await get(`/?token=${host.token}`);
    expect(page).toMatchObject({ status: 200, body: expect.stringContaining('<title>Hearth</title>') });
  });

  it('refuses requests without the token, with a wrong token, a foreign Origin or a non-loopback Host', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get(`/?token=${host.token}`, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(`/?token=${host.token}`, { host: `evil.example:${host.port}` })).status).toBe(421);
    await expect(openSocket('')).rejects.toThrow('refused');
    await expect(openSocket(`?token=${host.token}`, { origin: 'http://evil.example' })).rejects.toThrow('refused');
  });

  it('never serves files outside the built app', async () => {
    const response = await get(`/..%2fsecret.txt?token=${host.token}`);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('outside');
  });

  it('answers API calls over the WebSocket, and answers garbage with a clear error without dropping the socket', async () => {
    const socket = await openSocket(`?token=${host.token}`);
    socket.send('{half a json');
    expect(await nextResult(socket)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    socket.send(JSON.stringify({ type: 'call', id: 7, method: 'app.info', params: {} }));
    expect(await nextResult(socket)).toMatchObject({ id: 7, ok: true, result: { mode: 'browser', dataDir } });
    socket.close();
  });

  it('closes a socket that sends a message over the size limit with code 1009, and keeps serving everyone else', async () => {
    const escaped = recordEscapedErrors();
    const other = await openApiSocket(host.port, host.token);
    const sender = await openApiSocket(host.port, host.token);
    const oversized = JSON.stringify({ type: 'call', id: 1, method: 'app.info', params: { pad: 'x'.repeat(MAX_CALL_BYTES) } });
    expect(await exchange(sender, oversized)).toEqual({ closed: 1009 });
    expect(await exchange(other, JSON.stringify({ type: 'call', id: 2, method: 'app.info', params: {} }))).toMatchObject({
      result: { id: 2, ok: true, result: { mode: 'browser' } },
    });
    expect((await get(`/?token=${host.token}`)).status).toBe(200);
    other.close();
    escaped.stop();
    // Alone, the host would have died of any of these.
    expect(escaped.errors).toEqual([]);
  });

  it('answers a malformed absolute-form request target with 400 and a sentence, with or without the token, plain or as an upgrade', async () => {
    const plain = await rawRequest(host.port, `GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`);
    expect(plain).toMatchObject({ status: 400, body: expect.stringMatching(/^The request .+\.$/) });
    const upgrade = await rawRequest(
      host.port,
      `GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(upgrade).toMatchObject({ status: 400, body: expect.stringMatching(/^The request .+\.$/) });
    const withToken = await rawRequest(host.port, `GET http://[/?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`);
    expect(withToken.status).toBe(400);
    expect((await get(`/?token=${host.token}`)).status).toBe(200);
  });

  it('answers a malformed percent-escape in the path with 400 and a sentence', async () => {
    for (const target of ['/%', '/%E0%A4%A', '/assets/%zz.js']) {
      const response = await get(`${target}?token=${host.token}`);
      expect(response).toMatchObject({ status: 400, body: expect.stringContaining('escape') });
    }
    expect((await get(`/?token=${host.token}`)).status).toBe(200);
  });

  it('refuses a message with a lone UTF-16 surrogate with TEXT_INVALID_UNICODE, and stores nothing', async () => {
    const socket = await openSocket(`?token=${host.token}`);
    // Written by hand: JSON.stringify would escape the surrogate the same way, this just makes the bytes plain.
    socket.send('{"type":"call","id":11,"method":"chat.send","params":{"conversationId":null,"text":"a\\ud800b"}}');
    expect(await nextResult(socket)).toMatchObject({
      id: 11,
      ok: false,
      error: { code: 'TEXT_INVALID_UNICODE', message: expect.stringContaining('broken character'), action: expect.any(String) },
    });
    await expect(core.call('conversations.list', {})).resolves.toEqual([]);
    socket.close();
  });

  it('shrugs off clients that go away before their answer, mid-request or mid-upgrade', async () => {
    const escaped = recordEscapedErrors();
    const requests = [
      `GET /?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`,
      `GET /missing?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`,
      `GET /api HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`,
      `GET /api?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    ];
    await Promise.all(
      Array.from({ length: 80 }, (_, i) => new Promise<void>((resolve) => {
        const socket = net.connect(host.port, '127.0.0.1', () => {
          socket.write(requests[i % requests.length]!);
          // Half of them reset the connection (RST), the others half-close it.
          if (i % 2 === 0) socket.resetAndDestroy();
          else socket.end();
        });
        socket.resume();
        socket.on('error', () => undefined);
        socket.on('close', () => resolve());
      })),
    );
    expect((await get(`/?token=${host.token}`)).status).toBe(200);
    escaped.stop();
    expect(escaped.errors).toEqual([]);
  });

  it('opens the page’s policy to WalletConnect’s relay only while a project id is set, from the next page load', async () => {
    const staticDir = path.join(dataDir, 'static');
    const walletSources = followWalletSources(core, undefined);
    await walletSources.ready;
    const followingHost = await startBrowserHost({ core, port: 0, staticDir, walletSources: walletSources.current });
    const pagePolicy = async () => {
      const page = await fetch(`http://127.0.0.1:${followingHost.port}/?token=${followingHost.token}`);
      expect(page.status).toBe(200);
      return page.headers.get('content-security-policy')!;
    };
    try {
      expect(await pagePolicy()).not.toContain('walletconnect');
      await core.call('walletConnect.set', { projectId: '3f2a9c0d41b84e6f9a7d5c1e0b2f4a68' });
      const policy = await pagePolicy();
      expect(policy).toContain("connect-src 'self' ws://127.0.0.1:* ws://localhost:* http://127.0.0.1:1248 wss://relay.walletconnect.org;");
      expect(policy).toContain("frame-src 'self' https://verify.walletconnect.org;");
      await core.call('walletConnect.set', { projectId: null });
      expect(await pagePolicy()).not.toContain('walletconnect');
    } finally {
      await followingHost.close();
    }
  });
});
