/**
 * Hugging Face on the Models page, through the core's API against the
 * stand-in hub (HEARTH_HUB_URL's config): a search, a repository's files
 * rated for this machine, a download that follows the hub's redirect to
 * its CDN, is checked against the published sha256, read by the worker and
 * listed as installed and verified; a file whose bytes are not the
 * published ones is refused and leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventPayload, MethodName, MethodResult } from '../../src/api/contract.ts';
import { createCore, type Core } from '../../src/core/core.ts';
import { nextEvent } from '../helpers/core-events.ts';
import { startHubStandIn, type HubStandIn } from '../helpers/hub-stand-in.ts';
import { demoModelPath } from '../helpers/models.ts';
import { unlockedForTests } from '../helpers/vault.ts';

let hub: HubStandIn;
let core: Core;
let dataDir: string;

beforeAll(async () => {
  hub = await startHubStandIn();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-model-hub-'));
  core = await createCore({
    mode: 'browser', dataDir, threads: 1, hubUrl: hub.url, ...unlockedForTests,
    downloadOptions: { retryDelayMs: 0, stallMs: 2000, progressIntervalMs: 0 },
  });
  expect((await core.modelLoad).state).toBe('ready');
  // The embedding model announces itself with models.changed: wait, so that event is not taken for a download's.
  await vi.waitFor(async () => {
    expect(((await core.call('models.list', {})) as MethodResult<'models.list'>).some((model) => model.embedding)).toBe(true);
  }, { timeout: 30_000, interval: 100 });
}, 60_000);

afterAll(async () => {
  await core?.close();
  await hub?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const call = <M extends MethodName>(method: M, params: unknown) => core.call(method, params) as Promise<MethodResult<M>>;
const modelsDir = () => path.join(dataDir, 'models');

describe('finding and downloading a model on Hugging Face', () => {
  it('searches, lists a repository\'s files with their fit, downloads one verified, and lists it as installed', async () => {
    const { models } = await call('models.hubSearch', { query: 'stories' });
    expect(models).toEqual([{ repo: 'hearth-test/stories260K-GGUF', downloads: 48_213, likes: 17, updatedAt: null }]);

    const demo = fs.readFileSync(demoModelPath);
    const sha256 = createHash('sha256').update(demo).digest('hex');
    const { files } = await call('models.hubFiles', { repo: 'hearth-test/stories260K-GGUF' });
    expect(files).toEqual([{
      id: 'stories260K-f32.gguf', path: 'stories260K-f32.gguf', sizeBytes: demo.length, sha256, quantization: 'F32',
      fit: { level: expect.stringMatching(/^(gpu|cpu)$/), speed: 'fast', reason: expect.any(String) }, installed: false,
    }]);

    const progress: EventPayload<'models.downloadProgress'>[] = [];
    const off = core.on((message) => {
      if (message.event === 'models.downloadProgress') progress.push(message.payload as EventPayload<'models.downloadProgress'>);
    });
    const changed = nextEvent(core, 'models.changed');
    expect(await call('models.hubDownload', { repo: 'hearth-test/stories260K-GGUF', path: 'stories260K-f32.gguf' })).toEqual({ id: 'stories260K-f32.gguf' });
    await changed;
    off();
    expect(progress.at(-1)).toMatchObject({ id: 'stories260K-f32.gguf', bytes: demo.length, total: demo.length });
    // The file came the way Hugging Face sends it: a redirect from resolve/main to the CDN.
    expect(hub.requests.filter((request) => /\/resolve\/main\/|^\/cdn\//.test(request))).toEqual([
      '/hearth-test/stories260K-GGUF/resolve/main/stories260K-f32.gguf', expect.stringMatching(/^\/cdn\/[0-9a-f]+\?/),
    ]);

    const installed = (await call('models.list', {})).find((model) => model.id === 'stories260K-f32.gguf');
    expect(installed).toMatchObject({ file: 'stories260K-f32.gguf', verified: true, active: false, sizeBytes: demo.length, contextLength: expect.any(Number) });
    expect(createHash('sha256').update(fs.readFileSync(installed!.path)).digest('hex')).toBe(sha256);
    expect((await call('models.hubFiles', { repo: 'hearth-test/stories260K-GGUF' })).files[0]!.installed).toBe(true);

    await expect(call('models.hubDownload', { repo: 'hearth-test/stories260K-GGUF', path: 'stories260K-f32.gguf' }))
      .rejects.toMatchObject({ code: 'MODEL_ALREADY_INSTALLED', shortMessage: 'A model file with this name is already installed.' });
    const status = await call('models.activate', { id: 'stories260K-f32.gguf' });
    expect(status).toMatchObject({ state: 'ready', path: installed!.path });
    await call('models.activate', { id: 'stories260K.gguf' });
  });

  it('refuses a file whose bytes are not the ones the hub published, and leaves nothing installed', async () => {
    const { files } = await call('models.hubFiles', { repo: 'hearth-test/Tampered-7B-GGUF' });
    expect(files).toMatchObject([{ id: 'tampered-7B-Q4_K_M.gguf', quantization: 'Q4_K_M', sha256: 'c0ffee'.padEnd(64, '0') }]);
    const failed = nextEvent(core, 'models.downloadFailed', (payload) => payload.id === 'tampered-7B-Q4_K_M.gguf');
    await call('models.hubDownload', { repo: 'hearth-test/Tampered-7B-GGUF', path: 'tampered-7B-Q4_K_M.gguf' });
    expect((await failed).error).toMatchObject({ code: 'DOWNLOAD_HASH_MISMATCH', message: expect.stringMatching(/checksum differs/) });
    expect((await call('models.list', {})).map((model) => model.id)).not.toContain('tampered-7B-Q4_K_M.gguf');
    expect(fs.readdirSync(modelsDir()).filter((name) => name.startsWith('tampered'))).toEqual([]);
  });

  it('downloads only files the hub lists: not a split model\'s part, not a path the page made up', async () => {
    for (const filePath of ['parts/stories260K-big-00001-of-00002.gguf', 'README.md', 'elsewhere/stories260K-f32.gguf']) {
      await expect(call('models.hubDownload', { repo: 'hearth-test/stories260K-GGUF', path: filePath })).rejects.toMatchObject({ code: 'HUB_FILE_NOT_FOUND' });
    }
    await expect(call('models.hubFiles', { repo: 'hearth-test/gone' })).rejects.toMatchObject({ code: 'HUB_REPO_NOT_FOUND' });
    await expect(call('models.hubFiles', { repo: '../../etc' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('says Hugging Face could not be reached, or is busy, in a sentence with what to do', async () => {
    hub.misbehave.apiStatus = 503;
    await expect(call('models.hubSearch', { query: 'llama' })).rejects.toMatchObject({ code: 'HUB_SERVER_ERROR', action: 'Try again in a few minutes.' });
    delete hub.misbehave.apiStatus;
    const offline = await startHubStandIn([]);
    await offline.close();
    const elsewhere = await createCore({ mode: 'browser', dataDir: fs.mkdtempSync(path.join(dataDir, 'offline-')), threads: 1, hubUrl: offline.url, ...unlockedForTests });
    try {
      await expect(elsewhere.call('models.hubSearch', { query: 'llama' })).rejects.toMatchObject({
        code: 'HUB_UNREACHABLE', shortMessage: expect.stringMatching(/^Hugging Face could not be reached/), action: expect.stringMatching(/internet connection/),
      });
    } finally {
      await elsewhere.close();
    }
  });
});
