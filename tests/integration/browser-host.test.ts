import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/core/core.ts';
import { startBrowserHost, type BrowserHost } from '../../src/server/host.ts';
import { demoModelPath } from '../helpers/models.ts';
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
});
