import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultGenerationSettings } from '../../src/chat/chat-service.ts';
import { Engine } from '../../src/engine/engine.ts';
import { downloadModel, type DownloadOptions, type DownloadProgress, type DownloadRequest } from '../../src/models/download/download-model.ts';
import { writeLlamaGguf } from '../../src/models/gguf/write-llama-gguf.ts';
import { ModelLibrary } from '../../src/models/library/model-library.ts';
import { startRangeFileServer, type RangeFileServer } from '../helpers/range-file-server.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const fileName = 'tiny-chat.gguf';
let source: { path: string; bytes: number; sha256: string };
let sourceDir: string;
let server: RangeFileServer;

beforeAll(async () => {
  sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-download-source-'));
  const written = await writeLlamaGguf(path.join(sourceDir, fileName), {
    width: 256, layers: 2, ffn: 512, heads: 4, vocabSize: 1000, contextLength: 512, type: 'q8_0',
  });
  const sha256 = createHash('sha256').update(fs.readFileSync(written.path)).digest('hex');
  source = { path: written.path, bytes: written.bytes, sha256 };
  server = await startRangeFileServer(source.path, fileName);
});

afterAll(async () => {
  await server.close();
  fs.rmSync(sourceDir, { recursive: true, force: true });
});

/** Fast settings for tests: no waiting between resume attempts, a short stall limit. */
const quick: DownloadOptions = { retryDelayMs: 0, stallMs: 400, progressIntervalMs: 0 };

function fresh(): { dir: string; request: DownloadRequest } {
  for (const key of Object.keys(server.misbehave)) delete server.misbehave[key as keyof typeof server.misbehave];
  server.requests.length = 0;
  const dir = tempDir();
  return { dir, request: { url: server.url, dir, file: fileName, sizeBytes: source.bytes, sha256: source.sha256 } };
}

/** The file names the installed-models list shows for that folder. */
async function installed(dir: string): Promise<string[]> {
  const library = new ModelLibrary({ dir, catalog: { version: 1, models: [] }, inspect: () => Promise.reject(new Error('not used')) });
  return (await library.list()).map((model) => model.file);
}
const partialBytes = (dir: string) => fs.statSync(path.join(dir, `${fileName}.partial`)).size;
const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const codeOf = (promise: Promise<unknown>) => promise.then(() => 'completed', (error: { code?: string }) => error.code ?? String(error));

describe('downloading a model', () => {
  it('completes with moving progress, verifies the file, and the model then chats', async () => {
    const { dir, request } = fresh();
    const progress: DownloadProgress[] = [];
    const model = await downloadModel({ ...request, onProgress: (p) => progress.push(p) }, quick);
    expect(model).toMatchObject({ sizeBytes: source.bytes, sha256: source.sha256, verified: true });
    expect(await installed(dir)).toEqual([fileName]);
    expect(fs.readdirSync(dir)).toEqual([fileName]);
    expect(progress.at(-1)).toMatchObject({ bytes: source.bytes, totalBytes: source.bytes });
    expect(new Set(progress.map((p) => p.bytes)).size).toBeGreaterThan(1);

    const engine = new Engine({ threads: 1, memory: { get: () => undefined, set: () => undefined }, onStatus: () => undefined });
    try {
      await engine.load(model.path);
      const chunks: string[] = [];
      const { result } = engine.generate(
        { history: [], prompt: 'Hello', settings: { ...defaultGenerationSettings, maxTokens: 8, temperature: 0, seed: 1 } },
        (text) => chunks.push(text),
      );
      expect((await result).stats.tokens).toBeGreaterThan(0);
      expect(chunks.join('').length).toBeGreaterThan(0);
    } finally {
      await engine.close();
    }
  });

  it('resumes from the byte where the server cut the connection', async () => {
    const { dir, request } = fresh();
    const cut = Math.floor(source.bytes * 0.4);
    server.misbehave.cutOnceAtByte = cut;
    const model = await downloadModel(request, quick);
    expect(server.requests.map((r) => r.range)).toEqual([undefined, `bytes=${cut}-`]);
    expect(sha256Of(model.path)).toBe(source.sha256);
    expect(await installed(dir)).toEqual([fileName]);
  });

  it('follows a redirect to a signed URL (as Hugging Face sends downloads to its CDN), and a cut resumes through a new one', async () => {
    const { dir, request } = fresh();
    const cut = Math.floor(source.bytes * 0.3);
    server.misbehave.redirect = true;
    server.misbehave.cutOnceAtByte = cut;
    const model = await downloadModel(request, quick);
    const path = `/${fileName}`;
    expect(server.requests.map(({ url, range }) => ({ url, range }))).toEqual([
      { url: path, range: undefined },
      { url: `${path}?signed=1`, range: undefined },
      { url: path, range: `bytes=${cut}-` },
      { url: `${path}?signed=2`, range: `bytes=${cut}-` },
    ]);
    // The resume is checked against the file's ETag on the server the redirect leads to.
    expect(server.requests.at(-1)?.ifRange).toMatch(/^"/);
    expect(sha256Of(model.path)).toBe(source.sha256);
    expect(await installed(dir)).toEqual([fileName]);
  });

  it('reports a stalled server, keeps the partial, and a later download (an app restart) resumes it', async () => {
    const { dir, request } = fresh();
    const stallAt = Math.floor(source.bytes * 0.6);
    server.misbehave.stallAtByte = stallAt;
    expect(await codeOf(downloadModel(request, quick))).toBe('DOWNLOAD_STALLED');
    expect(await installed(dir)).toEqual([]);
    expect(partialBytes(dir)).toBe(stallAt);

    delete server.misbehave.stallAtByte;
    server.requests.length = 0;
    const model = await downloadModel(request, quick);
    expect(server.requests).toEqual([{ url: `/${fileName}`, range: `bytes=${stallAt}-`, ifRange: expect.stringMatching(/^"/) }]);
    expect(sha256Of(model.path)).toBe(source.sha256);
  });

  it('starts again from zero when the server ignores Range, and still verifies', async () => {
    const { dir, request } = fresh();
    server.misbehave.stallAtByte = Math.floor(source.bytes / 2);
    expect(await codeOf(downloadModel(request, quick))).toBe('DOWNLOAD_STALLED');
    delete server.misbehave.stallAtByte;
    server.misbehave.ignoreRange = true;
    const model = await downloadModel(request, quick);
    expect(server.requests.at(-1)?.range).toBe(`bytes=${Math.floor(source.bytes / 2)}-`);
    expect(model.sizeBytes).toBe(source.bytes);
    expect(sha256Of(model.path)).toBe(source.sha256);
    expect(await installed(dir)).toEqual([fileName]);
  });

  it('deletes a file whose sha256 is wrong and says so', async () => {
    const { dir, request } = fresh();
    const error = await downloadModel({ ...request, sha256: 'a'.repeat(64) }, quick).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DOWNLOAD_HASH_MISMATCH', shortMessage: expect.stringMatching(/deleted/) });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('gives a clear error for a 404, a 500 and an HTML page, and installs nothing', async () => {
    for (const [misbehave, code] of [
      [{ status: 404 }, 'DOWNLOAD_NOT_FOUND'],
      [{ status: 500 }, 'DOWNLOAD_SERVER_ERROR'],
      [{ html: true }, 'DOWNLOAD_NOT_A_MODEL'],
    ] as const) {
      const { dir, request } = fresh();
      Object.assign(server.misbehave, misbehave);
      expect(await codeOf(downloadModel(request, quick))).toBe(code);
      expect(fs.readdirSync(dir)).toEqual([]);
    }
  });

  it('refuses a file that is not GGUF even when the server calls it a binary download', async () => {
    const { dir, request } = fresh();
    const notModel = path.join(sourceDir, 'not-a-model.bin');
    fs.writeFileSync(notModel, Buffer.alloc(4096, 'x'));
    const other = await startRangeFileServer(notModel, fileName);
    try {
      const { sizeBytes: _size, sha256: _hash, ...unpublished } = request;
      expect(await codeOf(downloadModel({ ...unpublished, url: other.url }, quick))).toBe('DOWNLOAD_NOT_A_MODEL');
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('refuses a download that does not fit on the disk before fetching anything', async () => {
    const { dir, request } = fresh();
    const tooSmall = { ...quick, freeSpace: async () => source.bytes - 1 };
    expect(await codeOf(downloadModel(request, tooSmall))).toBe('DOWNLOAD_DISK_FULL');
    expect(server.requests).toEqual([]);
    const { sizeBytes: _unknownSize, ...withoutSize } = request;
    expect(await codeOf(downloadModel(withoutSize, tooSmall))).toBe('DOWNLOAD_DISK_FULL');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses a server whose file is not the published size', async () => {
    const { dir, request } = fresh();
    expect(await codeOf(downloadModel({ ...request, sizeBytes: source.bytes + 1 }, quick))).toBe('DOWNLOAD_SIZE_MISMATCH');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('runs at most one download per file, and a cancelled one keeps its partial', async () => {
    const { dir, request } = fresh();
    server.misbehave.stallAtByte = Math.floor(source.bytes / 3);
    const controller = new AbortController();
    let started!: () => void;
    const firstBytes = new Promise<void>((resolve) => (started = resolve));
    const first = downloadModel({ ...request, signal: controller.signal, onProgress: (p) => p.bytes > 0 && started() }, { ...quick, stallMs: 30_000 });
    await firstBytes;
    expect(await codeOf(downloadModel(request, quick))).toBe('DOWNLOAD_IN_PROGRESS');
    controller.abort();
    expect(await codeOf(first)).toBe('DOWNLOAD_CANCELLED');
    expect(await installed(dir)).toEqual([]);
    // Cancelled mid-stream: what was written is kept, and it is the start of the file, ready to resume.
    const kept = fs.readFileSync(path.join(dir, `${fileName}.partial`));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThanOrEqual(Math.floor(source.bytes / 3));
    expect(kept.equals(fs.readFileSync(source.path).subarray(0, kept.length))).toBe(true);
  });
});
