import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, MethodResult } from '../../src/api/contract.ts';
import { createCore, type Core } from '../../src/core/core.ts';
import { logFilePath } from '../../src/log/file-logger.ts';
import { writeLlamaGguf } from '../../src/models/gguf/write-llama-gguf.ts';
import { nextEvent, replyDone } from '../helpers/core-events.ts';
import { demoModelPath } from '../helpers/models.ts';
import { startRangeFileServer, type RangeFileServer } from '../helpers/range-file-server.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { unlockedForTests } from '../helpers/vault.ts';

const tempDir = useTempDirs();
let sourceDir: string;
let server: RangeFileServer;
let catalogPath: string;
const cores: Core[] = [];

beforeAll(async () => {
  sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-models-api-'));
  const modelFile = path.join(sourceDir, 'tiny-chat-q8.gguf');
  const written = await writeLlamaGguf(modelFile, { width: 64, layers: 1, ffn: 128, heads: 4, vocabSize: 300, contextLength: 640, type: 'q8_0' });
  server = await startRangeFileServer(modelFile, 'tiny-chat-q8.gguf');
  const entry = {
    id: 'tiny-chat', name: 'Tiny chat (test)', kind: 'chat', file: 'tiny-chat-q8.gguf', url: server.url, sizeBytes: written.bytes,
    sha256: createHash('sha256').update(fs.readFileSync(modelFile)).digest('hex'),
    source: { sha256: 'computed by this test', sizeBytes: 'computed by this test' }, licence: 'MIT', parametersBillions: 0.0001,
    contextLength: 640, chatTemplate: 'chatml', quantization: 'Q8_0', minRamGiB: 0.1, minVramGiB: 0.1,
  };
  // The same file with no published sha256: the page marks it unverified.
  const { sha256: _sha256, ...unhashed } = entry;
  const unverified = {
    ...unhashed, id: 'tiny-unverified', file: 'tiny-unverified.gguf', url: server.url.replace(/[^/]+$/, 'tiny-unverified.gguf'),
    source: { sizeBytes: 'computed by this test' },
  };
  catalogPath = path.join(sourceDir, 'catalog.json');
  fs.writeFileSync(catalogPath, JSON.stringify({ version: 1, models: [entry, unverified] }));
});

afterAll(async () => {
  await server.close();
  fs.rmSync(sourceDir, { recursive: true, force: true });
});

afterEach(async () => {
  delete server.misbehave.stallAtByte;
  delete server.misbehave.status;
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

async function startCore(dataDir = tempDir()): Promise<Core> {
  const core = await createCore({
    mode: 'browser', dataDir, threads: 1, catalogPath, ...unlockedForTests, downloadOptions: { retryDelayMs: 0, stallMs: 2000, progressIntervalMs: 0 },
    generation: { maxTokens: 8 },
  });
  cores.push(core);
  expect((await core.modelLoad).state).toBe('ready');
  // The embedding model loads next and announces itself with models.changed: wait, so that event is not taken for a download's.
  await expect.poll(async () => ((await core.call('models.list', {})) as MethodResult<'models.list'>).some((model) => model.embedding)).toBe(true);
  return core;
}

const call = <M extends Parameters<Core['call']>[0]>(core: Core, method: M, params: unknown) => core.call(method, params);

describe('the Models page through the API', () => {
  it('downloads a catalogue model with progress, lists it, activates it and chats with it, and remembers it after a restart', async () => {
    const dataDir = tempDir();
    const core = await startCore(dataDir);
    const progress: EventPayload<'models.downloadProgress'>[] = [];
    core.on((message) => {
      if (message.event === 'models.downloadProgress') progress.push(message.payload as EventPayload<'models.downloadProgress'>);
    });

    const catalog = (await call(core, 'models.catalog', {})) as MethodResult<'models.catalog'>;
    expect(catalog.recommended?.id).toBe('tiny-chat');
    expect(catalog.recommended?.reason).toMatch(/CPU|GPU/);
    expect(catalog.models.map(({ id, verified, installed }) => ({ id, verified, installed }))).toEqual([
      { id: 'tiny-chat', verified: true, installed: false },
      { id: 'tiny-unverified', verified: false, installed: false },
    ]);
    expect(catalog.models[0]!.fit.level).not.toBe('too-big');

    const changed = nextEvent(core, 'models.changed');
    expect(await call(core, 'models.download', { id: 'tiny-chat' })).toEqual({ id: 'tiny-chat' });
    await changed;
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ id: 'tiny-chat', total: last.bytes });
    expect(last.bytes).toBeGreaterThan(0);

    const installed = (await call(core, 'models.list', {})) as MethodResult<'models.list'>;
    expect(installed.map(({ id, origin, active, verified, quantization, contextLength, licence }) => ({ id, origin, active, verified, quantization, contextLength, licence }))).toEqual([
      { id: 'stories260K.gguf', origin: 'bundled', active: true, verified: true, quantization: null, contextLength: expect.any(Number), licence: 'MIT' },
      { id: 'tiny-chat', origin: 'catalogue', active: false, verified: true, quantization: 'Q8_0', contextLength: 640, licence: 'MIT' },
    ]);
    expect(((await call(core, 'models.catalog', {})) as MethodResult<'models.catalog'>).models[0]!.installed).toBe(true);

    const status = (await call(core, 'models.activate', { id: 'tiny-chat' })) as MethodResult<'models.activate'>;
    expect(status).toMatchObject({ state: 'ready', isDemo: false, path: installed[1]!.path });
    const { assistantMessage } = (await call(core, 'chat.send', { conversationId: null, text: 'Hello' })) as MethodResult<'chat.send'>;
    const reply = await replyDone(core, assistantMessage.id);
    expect(reply.status).toBe('complete');
    expect(reply.stats!.tokens).toBeGreaterThan(0);

    await expect(call(core, 'models.delete', { id: 'tiny-chat' })).rejects.toMatchObject({ code: 'MODEL_IN_USE' });
    await expect(call(core, 'models.delete', { id: 'stories260K.gguf' })).rejects.toMatchObject({ code: 'MODEL_BUNDLED' });
    await core.close();
    cores.splice(0);

    const restarted = await startCore(dataDir);
    expect(((await restarted.modelLoad).path)).toBe(installed[1]!.path);
    await call(restarted, 'models.activate', { id: 'stories260K.gguf' });
    const deleted = nextEvent(restarted, 'models.changed');
    expect(await call(restarted, 'models.delete', { id: 'tiny-chat' })).toEqual({ deleted: true });
    await deleted;
    expect(((await call(restarted, 'models.list', {})) as MethodResult<'models.list'>).map((model) => model.id)).toEqual(['stories260K.gguf']);
  });

  it('reports a failed download as an event, refuses a second download of the same model, cancels, and offers to resume after a restart', async () => {
    const dataDir = tempDir();
    const core = await startCore(dataDir);
    server.misbehave.status = 404;
    const notFound = nextEvent(core, 'models.downloadFailed', (payload) => payload.id === 'tiny-unverified');
    await call(core, 'models.download', { id: 'tiny-unverified' });
    expect((await notFound).error).toMatchObject({ code: 'DOWNLOAD_NOT_FOUND', action: expect.any(String) });
    delete server.misbehave.status;

    server.misbehave.stallAtByte = 100;
    const started = nextEvent(core, 'models.downloadProgress', (payload) => payload.id === 'tiny-chat' && payload.bytes >= 100);
    await call(core, 'models.download', { id: 'tiny-chat' });
    await expect(call(core, 'models.download', { id: 'tiny-chat' })).rejects.toMatchObject({ code: 'DOWNLOAD_IN_PROGRESS' });
    expect(((await call(core, 'models.catalog', {})) as MethodResult<'models.catalog'>).models[0]!.downloading).toBe(true);
    const cancelled = nextEvent(core, 'models.downloadFailed', (payload) => payload.id === 'tiny-chat');
    await started;
    expect(await call(core, 'models.cancelDownload', { id: 'tiny-chat' })).toEqual({ cancelled: true });
    expect((await cancelled).error.code).toBe('DOWNLOAD_CANCELLED');
    expect(((await call(core, 'models.list', {})) as MethodResult<'models.list'>).map((model) => model.id)).toEqual(['stories260K.gguf']);

    await expect(call(core, 'models.download', { id: 'no-such-model' })).rejects.toMatchObject({ code: 'CATALOG_MODEL_UNKNOWN' });
    await expect(call(core, 'models.activate', { id: 'no-such-model' })).rejects.toMatchObject({ code: 'MODEL_NOT_INSTALLED' });

    delete server.misbehave.stallAtByte;
    await core.close();
    cores.splice(cores.indexOf(core), 1);
    const restarted = await startCore(dataDir);
    const catalog = (await call(restarted, 'models.catalog', {})) as MethodResult<'models.catalog'>;
    expect(catalog.models.find((model) => model.id === 'tiny-chat')?.partialBytes).toBeGreaterThan(0);
    expect(catalog.models.find((model) => model.id === 'tiny-unverified')?.partialBytes).toBeNull();
    const installed = nextEvent(restarted, 'models.changed');
    await call(restarted, 'models.download', { id: 'tiny-chat' });
    await installed;
    const after = (await call(restarted, 'models.catalog', {})) as MethodResult<'models.catalog'>;
    expect(after.models.find((model) => model.id === 'tiny-chat')).toMatchObject({ installed: true, partialBytes: null });
  });

  it('logs a download that fails in a way no code foresaw with its stack, under the reference the person is shown', async () => {
    const dataDir = tempDir();
    const core = await startCore(dataDir);
    // A folder where the download's lock file belongs: taking the lock fails with no HearthError for it.
    fs.mkdirSync(path.join(dataDir, 'models', 'tiny-chat-q8.gguf.lock', 'stray'), { recursive: true });
    const failed = nextEvent(core, 'models.downloadFailed', (payload) => payload.id === 'tiny-chat');
    await call(core, 'models.download', { id: 'tiny-chat' });
    const { error } = await failed;
    expect(error).toMatchObject({ code: 'INTERNAL', action: expect.stringMatching(/diagnostics/) });
    const ref = /reference ([0-9a-f]{8})/.exec(error.message)?.[1];
    expect(ref).toBeDefined();

    const line = fs.readFileSync(logFilePath(dataDir), 'utf8').split('\n').find((candidate) => candidate.includes(ref!));
    expect(JSON.parse(line!)).toMatchObject({ level: 'error', area: 'models', event: 'download-failed', error: { code: 'ERR_FS_EISDIR' } });
    expect(JSON.parse(line!).error.stack).toMatch(/at tryPidLock \(.*pid-lock\.ts:\d+:\d+\)/);
  });

  it('imports a GGUF by its path, and refuses a path that is not a model', async () => {
    const core = await startCore();
    const file = path.join(tempDir(), 'my-own-q8.gguf');
    await writeLlamaGguf(file, { width: 64, layers: 1, ffn: 128, heads: 4, vocabSize: 300, contextLength: 320, type: 'q8_0' });
    const changed = nextEvent(core, 'models.changed');
    const imported = (await call(core, 'models.import', { path: file })) as MethodResult<'models.import'>;
    await changed;
    expect(imported).toMatchObject({ id: 'my-own-q8.gguf', origin: 'import', verified: false, contextLength: 320, active: false });
    expect(((await call(core, 'models.list', {})) as MethodResult<'models.list'>).map((model) => model.id)).toEqual(['stories260K.gguf', 'my-own-q8.gguf']);

    await expect(call(core, 'models.import', { path: path.join(path.dirname(file), 'missing.gguf') })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    await expect(call(core, 'models.import', { path: path.join(path.dirname(demoModelPath), 'README.md') })).rejects.toMatchObject({ code: 'MODEL_NOT_GGUF' });
  });
});
