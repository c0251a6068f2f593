/**
 * Searching Hugging Face and listing a repository's GGUF files, against the
 * stand-in hub on 127.0.0.1: what the Models page gets from real answers,
 * what it guesses from file names, and the sentence a person sees when the
 * hub is down, slow, broken or hostile (never a hang or a half-read list).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HearthError } from '../../src/api/errors.ts';
import { scoreFit, type MachineCapacity } from '../../src/models/fit/score-fit.ts';
import { guessParametersBillions, guessQuantization, isSplitPart } from '../../src/models/hub/gguf-file-names.ts';
import { createHubClient } from '../../src/models/hub/hub-client.ts';
import { estimateNeeds, scoreHubFile } from '../../src/models/hub/hub-fit.ts';
import { startHubStandIn, type HubStandIn } from '../helpers/hub-stand-in.ts';
import { demoModelPath } from '../helpers/models.ts';

let hub: HubStandIn;

beforeAll(async () => {
  hub = await startHubStandIn();
});

afterAll(async () => {
  await hub.close();
});

afterEach(() => {
  for (const key of Object.keys(hub.misbehave)) delete hub.misbehave[key as keyof typeof hub.misbehave];
});

const GiB = 2 ** 30;
const client = () => createHubClient({ baseUrl: hub.url, timeoutMs: 1000 });

/** The HearthError a call ends with. */
async function failure(promise: Promise<unknown>): Promise<HearthError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(HearthError);
  return error as HearthError;
}

describe('searching Hugging Face for GGUF models', () => {
  it('lists the matching repositories, most downloaded first, with downloads and likes', async () => {
    expect(await client().searchHubModels('gguf')).toEqual([
      { repo: 'hearth-test/stories260K-GGUF', downloads: 48_213, likes: 17, updatedAt: null },
      { repo: 'hearth-test/Tampered-7B-GGUF', downloads: 912, likes: 1, updatedAt: null },
    ]);
    expect(await client().searchHubModels('stories')).toHaveLength(1);
    expect(await client().searchHubModels('nothing like this')).toEqual([]);
    expect(hub.requests).toContain('/api/models?search=stories&filter=gguf&sort=downloads&direction=-1&limit=20');
  });

  it('lists a repository\'s single-file GGUF models with size and sha256, leaving out other files and split models', async () => {
    const files = await client().listHubFiles('hearth-test/stories260K-GGUF');
    const bytes = fs.readFileSync(demoModelPath);
    expect(files).toEqual([{
      path: 'stories260K-f32.gguf', fileName: 'stories260K-f32.gguf', sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'), quantization: 'F32', parametersBillions: null,
      url: `${hub.url}/hearth-test/stories260K-GGUF/resolve/main/stories260K-f32.gguf`,
    }]);
    expect((await client().listHubFiles('hearth-test/Tampered-7B-GGUF'))[0]).toMatchObject({ quantization: 'Q4_K_M', parametersBillions: 7 });
  });

  it('says a repository that is not there (or needs a login) is not found', async () => {
    expect((await failure(client().listHubFiles('hearth-test/no-such-repo'))).code).toBe('HUB_REPO_NOT_FOUND');
    hub.misbehave.apiStatus = 401;
    expect((await failure(client().listHubFiles('hearth-test/stories260K-GGUF'))).code).toBe('HUB_REPO_NOT_FOUND');
  });
});

describe('reading what a GGUF file name says', () => {
  it('reads the quantization in the ways publishers write it', () => {
    expect(guessQuantization('Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf')).toBe('Q4_K_M');
    expect(guessQuantization('mistral-7b-instruct-v0.2.Q5_K_S.gguf')).toBe('Q5_K_S');
    expect(guessQuantization('qwen2.5-0.5b-instruct-q8_0.gguf')).toBe('Q8_0');
    expect(guessQuantization('Llama-3.2-1B-Instruct-IQ4_XS.gguf')).toBe('IQ4_XS');
    expect(guessQuantization('gemma-2-2b-it-IQ2_XXS.gguf')).toBe('IQ2_XXS');
    expect(guessQuantization('Qwen3-4B-Q6_K.gguf')).toBe('Q6_K');
    expect(guessQuantization('nomic-embed-text-v1.5.f16.gguf')).toBe('F16');
    expect(guessQuantization('phi-2.BF16.gguf')).toBe('BF16');
    expect(guessQuantization('model.gguf')).toBeNull();
  });

  it('reads the parameter count from the repository name, then the file name', () => {
    expect(guessParametersBillions('Llama-3.2-1B-Instruct-GGUF')).toBe(1);
    expect(guessParametersBillions('Qwen2.5-0.5B-Instruct-GGUF')).toBe(0.5);
    expect(guessParametersBillions('SmolLM2-135M-Instruct-GGUF')).toBe(0.135);
    expect(guessParametersBillions('Qwen3-30B-A3B-GGUF')).toBe(30);
    // A mixture of experts states its experts, not its size: fit by the file's size instead.
    expect(guessParametersBillions('Mixtral-8x7B-Instruct-v0.1-GGUF')).toBeNull();
    expect(guessParametersBillions('Phi-3.5-mini-instruct-GGUF', 'Phi-3.5-mini-instruct-Q4_K_M.gguf')).toBeNull();
    expect(guessParametersBillions('some-model-GGUF', 'some-model-13b.Q4_0.gguf')).toBe(13);
  });

  it('tells the parts of a split model', () => {
    expect(isSplitPart('Llama-3.3-70B-Instruct-Q4_K_M-00001-of-00002.gguf')).toBe(true);
    expect(isSplitPart('Llama-3.3-70B-Instruct-Q4_K_M.gguf')).toBe(false);
  });
});

describe('rating a hub file for this machine before it is downloaded', () => {
  const laptop: MachineCapacity = { gpu: false, vramFreeBytes: 0, ramFreeBytes: 6 * GiB, cpuCores: 8 };

  it('estimates the memory need near the catalogue\'s hand-made figures', () => {
    // Qwen 2.5 at Q4_K_M: file sizes and the catalogue's minRamGiB.
    for (const [sizeGiB, billions, catalogueRamGiB] of [[0.37, 0.49, 1], [1.96, 3.09, 3], [4.36, 7.61, 6], [8.37, 14.7, 11]] as const) {
      const { minRamGiB } = estimateNeeds({ sizeBytes: sizeGiB * GiB, parametersBillions: billions });
      expect(Math.abs(minRamGiB - catalogueRamGiB) / catalogueRamGiB).toBeLessThan(0.15);
    }
  });

  it('rates a file like the catalogue does, by its parameters or, unknown, by its size', () => {
    const sevenB = { sizeBytes: 4.36 * GiB, parametersBillions: 7.61 };
    expect(scoreHubFile(sevenB, laptop)).toEqual(scoreFit(estimateNeeds(sevenB), laptop));
    expect(scoreHubFile(sevenB, laptop).level).toBe('too-big');
    expect(scoreHubFile({ sizeBytes: 0.75 * GiB, parametersBillions: null }, laptop)).toMatchObject({ level: 'cpu', speed: 'fast' });
    expect(scoreHubFile({ sizeBytes: 40 * GiB, parametersBillions: null }, laptop).level).toBe('too-big');
  });
});

describe('a hub that is down, slow, broken or hostile', () => {
  it('says Hugging Face could not be reached when nothing answers at its address', async () => {
    const closed = await startHubStandIn([]);
    await closed.close();
    const error = await failure(createHubClient({ baseUrl: closed.url }).searchHubModels('llama'));
    expect(error.code).toBe('HUB_UNREACHABLE');
    expect(error.shortMessage).toMatch(/^Hugging Face could not be reached/);
  });

  it('gives up on an answer that does not come in time', async () => {
    hub.misbehave.apiSilent = true;
    const started = performance.now();
    const error = await failure(createHubClient({ baseUrl: hub.url, timeoutMs: 300 }).searchHubModels('llama'));
    expect(error).toMatchObject({ code: 'HUB_UNREACHABLE', details: expect.stringMatching(/within 0.3 s/) });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('says the hub is busy on 500 and 429', async () => {
    for (const status of [500, 503, 429]) {
      hub.misbehave.apiStatus = status;
      expect((await failure(client().searchHubModels('llama'))).code).toBe('HUB_SERVER_ERROR');
    }
  });

  it('refuses a web page, broken JSON, text that is not UTF-8 and an answer of the wrong shape', async () => {
    const bodies = [
      { text: '<!doctype html><title>Maintenance</title>', contentType: 'text/html' },
      { text: '[{"id": "a/b", "downloads": 1', contentType: 'application/json' },
      { text: Buffer.from([0x5b, 0x22, 0xc3, 0x28, 0x22, 0x5d]), contentType: 'application/json' },
      { text: JSON.stringify({ error: 'not an array' }), contentType: 'application/json' },
      { text: JSON.stringify([{ id: 'a/b', downloads: 'lots' }]), contentType: 'application/json' },
      { text: JSON.stringify([{ id: '../../etc/passwd', downloads: 1 }]), contentType: 'application/json' },
    ];
    for (const body of bodies) {
      hub.misbehave.apiBody = body;
      const error = await failure(client().searchHubModels('llama'));
      expect(error.code, String(body.text)).toBe('HUB_BAD_RESPONSE');
    }
  });

  it('refuses a file list whose sha256 is not a sha256, or whose sizes disagree', async () => {
    const entry = { type: 'file', oid: 'x', size: 10, path: 'm-Q8_0.gguf', lfs: { oid: 'not-a-hash', size: 10, pointerSize: 134 } };
    hub.misbehave.apiBody = { text: JSON.stringify([entry]), contentType: 'application/json' };
    expect((await failure(client().listHubFiles('hearth-test/stories260K-GGUF'))).code).toBe('HUB_BAD_RESPONSE');
    hub.misbehave.apiBody = { text: JSON.stringify([{ ...entry, lfs: { oid: 'a'.repeat(64), size: 99, pointerSize: 134 } }]), contentType: 'application/json' };
    expect((await failure(client().listHubFiles('hearth-test/stories260K-GGUF'))).code).toBe('HUB_BAD_RESPONSE');
  });

  it('leaves out files whose path climbs out of the repository, or whose name is not a plain .gguf name', async () => {
    const lfs = { oid: 'a'.repeat(64), size: 10, pointerSize: 134 };
    const entries = ['../../escape-Q8_0.gguf', 'dir/../x.gguf', 'we!rd name.gguf', 'ok/fine-Q8_0.gguf'].map((path) => ({ type: 'file', oid: 'x', size: 10, path, lfs }));
    hub.misbehave.apiBody = { text: JSON.stringify(entries), contentType: 'application/json' };
    expect((await client().listHubFiles('hearth-test/stories260K-GGUF')).map((file) => file.fileName)).toEqual(['fine-Q8_0.gguf']);
  });

  it('refuses an answer larger than the limit, announced by its Content-Length or not', async () => {
    const small = createHubClient({ baseUrl: hub.url, maxBodyBytes: 300 });
    expect(await failure(small.searchHubModels('gguf'))).toMatchObject({ code: 'HUB_BAD_RESPONSE', details: expect.stringMatching(/more than 300 bytes/) });
    hub.misbehave.apiBody = { text: JSON.stringify(Array.from({ length: 200 }, (_, index) => ({ id: `a/b${index}`, downloads: index }))), contentType: 'application/json' };
    expect(await failure(small.searchHubModels('llama'))).toMatchObject({ code: 'HUB_BAD_RESPONSE', details: expect.stringMatching(/more than 300 bytes/) });
  });
});
