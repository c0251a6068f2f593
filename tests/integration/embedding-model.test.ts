import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MethodResult } from '../../src/api/contract.ts';
import { createCore, type Core } from '../../src/core/core.ts';
import { writeLlamaGguf } from '../../src/models/gguf/write-llama-gguf.ts';
import { nextEvent } from '../helpers/core-events.ts';
import { demoModelPath } from '../helpers/models.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { unlockedForTests } from '../helpers/vault.ts';

const tempDir = useTempDirs();
const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

async function start(dataDir: string): Promise<Core> {
  const core = await createCore({ mode: 'browser', dataDir, modelPath: demoModelPath, threads: 1, ...unlockedForTests });
  cores.push(core);
  expect((await core.modelLoad).state).toBe('ready');
  return core;
}

const installed = async (core: Core) => (await core.call('models.list', {})) as MethodResult<'models.list'>;

describe('choosing the embedding model', () => {
  it('re-embeds documents with the chosen model, marks it on the Models page, refuses to delete it, and remembers it', async () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const generated = path.join(dir, 'embedder-128.gguf');
    await writeLlamaGguf(generated, { width: 128, layers: 2, ffn: 256, heads: 4, vocabSize: 512, contextLength: 512, type: 'q8_0' });
    const note = path.join(dir, 'note.md');
    fs.writeFileSync(note, 'The boat is called Seagull.\n');

    const core = await start(dataDir);
    const firstReady = nextEvent(core, 'documents.changed', ({ document }) => document?.status === 'ready');
    await core.call('documents.add', { path: note });
    await firstReady;
    expect((await installed(core)).find((model) => model.origin === 'bundled')?.embedding).toBe(true);

    const imported = (await core.call('models.import', { path: generated })) as MethodResult<'models.import'>;
    const reembedded = nextEvent(core, 'documents.changed', ({ document }) => document?.status === 'ready');
    const status = (await core.call('models.useForEmbeddings', { id: imported.id })) as MethodResult<'models.useForEmbeddings'>;
    expect(status).toMatchObject({ state: 'ready', dimensions: 128 });
    expect((await reembedded)?.document).toMatchObject({ chunkCount: 1, embeddedCount: 1 });
    expect((await installed(core)).find((model) => model.id === imported.id)?.embedding).toBe(true);
    await expect(core.call('models.delete', { id: imported.id })).rejects.toMatchObject({ code: 'MODEL_IN_USE' });

    await core.close();
    cores.splice(0);
    const reopened = await start(dataDir);
    await expect.poll(async () => (await installed(reopened)).find((model) => model.id === imported.id)?.embedding).toBe(true);
  });
});
