/**
 * The local API as other apps meet it: OpenAI's own client (and raw HTTP,
 * for what no client would send) against a real core on the bundled demo
 * model. Off until turned on; models, replies whole and streamed, and
 * embeddings for the holder of the token shown in the settings; other web
 * sites, rebinding host names, malformed and oversized bodies refused with
 * a sentence; a client that goes away stops its reply and the next
 * request is answered.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../src/api/wire.ts';
import type { LocalApiSetting } from '../../src/api/contract.ts';
import { createCore, type Core } from '../../src/core/core.ts';
import { demoModelPath, writeEndlessModel, writeTruncatedModel } from '../helpers/models.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { useTestCores } from '../helpers/test-cores.ts';
import { unlockedForTests } from '../helpers/vault.ts';

const demoModel = path.basename(demoModelPath);
const tempDir = useTempDirs();
const cores = useTestCores(unlockedForTests);

interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request with exactly these headers (Host included, as a rebinding page's browser would send it). */
function send(port: number, { method = 'GET', url = '/v1/models', headers = {}, body }: { method?: string; url?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method, path: url, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

const errorOf = (answer: HttpAnswer) => (JSON.parse(answer.body) as { error: { message: string; type: string; code: string } }).error;

function client(setting: LocalApiSetting, apiKey = setting.token): OpenAI {
  return new OpenAI({ baseURL: setting.url, apiKey, maxRetries: 0 });
}

async function turnOn(core: Core): Promise<LocalApiSetting> {
  return (await core.call('localApi.set', { enabled: true, port: 0 })) as LocalApiSetting;
}

/** Resolves once the core says its embedding model is ready. */
async function embedderReady(core: Core): Promise<void> {
  const ready = async () => ((await core.call('models.list', {})) as { embedding: boolean }[]).some((model) => model.embedding);
  while (!(await ready())) {
    await new Promise<void>((resolve) => {
      const off = core.on((message) => {
        if (message.event !== 'models.changed') return;
        off();
        resolve();
      });
    });
  }
}

describe('the local API on the demo model', () => {
  let dataDir: string;
  let core: Core;
  let api: LocalApiSetting;
  const auth = () => ({ authorization: `Bearer ${api.token}`, host: `127.0.0.1:${api.port}` });

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-local-api-'));
    core = await createCore({ mode: 'browser', dataDir, modelPath: demoModelPath, threads: 1, ...unlockedForTests });
    expect((await core.modelLoad).state).toBe('ready');
    api = await turnOn(core);
  });

  afterAll(async () => {
    await core.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the model the app uses', async () => {
    const models = await client(api).models.list();
    expect(models.data.map((model) => model.id)).toEqual([demoModel]);
    expect(models.data[0]).toMatchObject({ object: 'model', owned_by: 'hearth' });
    expect(await client(api).models.retrieve(demoModel)).toMatchObject({ id: demoModel });
  });

  it('answers a chat completion whole, with its usage', async () => {
    const completion = await client(api).chat.completions.create({
      model: demoModel, max_tokens: 8, messages: [{ role: 'system', content: 'Tell a story.' }, { role: 'user', content: 'Once upon a time' }],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe(demoModel);
    const [choice] = completion.choices;
    expect(choice!.message.role).toBe('assistant');
    expect(choice!.message.content!.length).toBeGreaterThan(0);
    expect(choice!.finish_reason).toBe('stop');
    const usage = completion.usage!;
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(usage.completion_tokens).toBeGreaterThan(0);
    expect(usage.completion_tokens).toBeLessThanOrEqual(8);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
  });

  it('takes text parts and max_completion_tokens, as newer clients send them', async () => {
    const completion = await client(api).chat.completions.create({
      model: demoModel, max_completion_tokens: 4, messages: [{ role: 'user', content: [{ type: 'text', text: 'Once upon a time' }] }],
    });
    expect(completion.usage!.completion_tokens).toBeGreaterThan(0);
    expect(completion.usage!.completion_tokens).toBeLessThanOrEqual(4);
  });

  it('streams a chat completion as chunks that end with a finish reason, then [DONE]', async () => {
    const stream = await client(api).chat.completions.create({
      model: demoModel, max_tokens: 12, stream: true, messages: [{ role: 'user', content: 'Once upon a time' }],
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.id === chunks[0]!.id)).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]!.delta.content ?? '').join('').length).toBeGreaterThan(0);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.slice(0, -1).every((chunk) => chunk.choices[0]!.finish_reason === null)).toBe(true);

    const raw = await send(api.port, {
      method: 'POST', url: '/v1/chat/completions', headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ model: demoModel, max_tokens: 4, stream: true, messages: [{ role: 'user', content: 'Once' }] }),
    });
    expect(raw.status).toBe(200);
    expect(raw.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = raw.body.split('\n\n').filter((event) => event !== '');
    expect(events.every((event) => event.startsWith('data: '))).toBe(true);
    expect(events.at(-1)).toBe('data: [DONE]');
  });

  it('embeds texts with the embedding model, as base64 (the client\u2019s default) or as numbers', async () => {
    await embedderReady(core);
    const input = ['a cat sat on the mat', 'the stock market fell'];
    const base64 = await client(api).embeddings.create({ model: demoModel, input });
    const floats = await client(api).embeddings.create({ model: demoModel, input, encoding_format: 'float' });
    expect(base64.data.map((item) => item.index)).toEqual([0, 1]);
    for (const [i, item] of floats.data.entries()) {
      const vector = item.embedding;
      expect(vector.length).toBeGreaterThan(0);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 3);
      expect(Array.from(base64.data[i]!.embedding)).toEqual(vector);
    }
    const single = await client(api).embeddings.create({ model: demoModel, input: input[0]!, encoding_format: 'float' });
    expect(single.data).toHaveLength(1);
    expect(single.data[0]!.embedding).toEqual(floats.data[0]!.embedding);
  });

  it('refuses a wrong or missing API key with 401', async () => {
    await expect(client(api, 'hearth-not-the-token').models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const missing = await send(api.port, { headers: { host: `127.0.0.1:${api.port}` } });
    expect(missing.status).toBe(401);
    expect(errorOf(missing)).toMatchObject({ type: 'authentication_error', message: expect.stringContaining('carries no API key') });
  });

  it('refuses web pages of other sites and host names that are not its own, and lets its own origins in', async () => {
    const foreign = await send(api.port, { headers: { ...auth(), origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(errorOf(foreign).message).toBe('Requests from other web sites are refused.');
    // A page of evil.example whose name now resolves to 127.0.0.1 (DNS rebinding) sends its own name as Host.
    const rebound = await send(api.port, { headers: { ...auth(), host: `evil.example:${api.port}` } });
    expect(rebound.status).toBe(421);
    expect(errorOf(rebound).message).toBe('Hearth answers only on its loopback address.');
    for (const origin of [`http://127.0.0.1:${api.port}`, `http://localhost:${api.port}`]) {
      expect((await send(api.port, { headers: { ...auth(), origin } })).status).toBe(200);
    }
    expect((await send(api.port, { headers: { ...auth(), host: `localhost:${api.port}` } })).status).toBe(200);
  });

  it('answers malformed, wrong, oversized and misaddressed requests with a status and a sentence', async () => {
    const post = (body: string | Buffer, url = '/v1/chat/completions') => send(api.port, { method: 'POST', url, headers: { ...auth(), 'content-type': 'application/json' }, body });
    const malformed = await post('{"model": ');
    expect(malformed.status).toBe(400);
    expect(errorOf(malformed).message).toMatch(/^The request body is not valid JSON/);

    const endsWithReply = await post(JSON.stringify({ model: demoModel, messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }] }));
    expect(endsWithReply.status).toBe(400);
    expect(errorOf(endsWithReply).message).toContain('must end with a user message');

    const image = await post(JSON.stringify({ model: demoModel, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:,' } }] }] }));
    expect(image.status).toBe(400);
    const tokenIds = await post(JSON.stringify({ model: demoModel, input: [1, 2, 3] }), '/v1/embeddings');
    expect(tokenIds.status).toBe(400);
    expect(errorOf(tokenIds).message).toContain('Hearth does not take token ids');

    const huge = await post(Buffer.alloc(5 * 1024 * 1024, 'a'));
    expect(huge.status).toBe(413);
    expect(errorOf(huge).message).toContain('larger than Hearth\u2019s local API reads at once');

    const nowhere = await send(api.port, { url: '/v1/completions', headers: auth() });
    expect(nowhere.status).toBe(404);
    expect(errorOf(nowhere).message).toContain('has no such address');
    const wrongMethod = await send(api.port, { url: '/v1/chat/completions', headers: auth() });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');

    const otherModel = client(api).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
    await expect(otherModel).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(otherModel).rejects.toMatchObject({ status: 404, message: expect.stringContaining(`it serves "${demoModel}"`) });

    // After all of these, the API still answers.
    expect((await client(api).models.list()).data).toHaveLength(1);
  });

  it('logs each request with its method, path, status and tokens, never its text', async () => {
    const secret = 'Once upon a time a purple giraffe named Quillon';
    await client(api).chat.completions.create({ model: demoModel, max_tokens: 4, messages: [{ role: 'user', content: secret }] });
    const lines = fs.readFileSync(core.log.file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = lines.filter((line) => line.area === 'local-api' && line.event === 'request');
    expect(requests.at(-1)).toMatchObject({ method: 'POST', path: '/v1/chat/completions', status: 200, promptTokens: expect.any(Number), completionTokens: expect.any(Number) });
    expect(requests.some((line) => line.status === 401)).toBe(true);
    expect(fs.readFileSync(core.log.file, 'utf8')).not.toContain('Quillon');
  });

  it('refuses the old token as soon as a new one is made', async () => {
    const before = api;
    const after = (await core.call('localApi.newToken', {})) as LocalApiSetting;
    expect(after.token).not.toBe(before.token);
    expect(after).toMatchObject({ enabled: true, port: before.port, url: before.url });
    await expect(client(before).models.list()).rejects.toMatchObject({ status: 401 });
    expect((await client(after).models.list()).data).toHaveLength(1);
    api = after;
  });
});

describe('turning the local API on and off', () => {
  it('is off by default with a token to show; on, it is reachable; off again, nothing listens', async () => {
    const core = await cores.start(tempDir());
    const changes: unknown[] = [];
    core.on((message: EventMessage) => {
      if (message.event === 'localApi.changed') changes.push(message.payload);
    });
    const initial = (await core.call('localApi.get', {})) as LocalApiSetting;
    expect(initial).toMatchObject({ enabled: false, port: 5391, url: 'http://127.0.0.1:5391/v1' });
    expect(initial.token).toMatch(/^hearth-[\w-]{43}$/);
    expect(await core.call('localApi.get', {})).toEqual(initial);

    const on = await turnOn(core);
    expect(on).toMatchObject({ enabled: true, token: initial.token, url: `http://127.0.0.1:${on.port}/v1` });
    expect(on.port).toBeGreaterThan(0);
    expect((await client(on).models.list()).data).toHaveLength(1);

    const off = (await core.call('localApi.set', { enabled: false })) as LocalApiSetting;
    expect(off.enabled).toBe(false);
    await expect(client(on).models.list()).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    await expect(send(on.port, {})).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(changes).toEqual([on, off]);
  });

  it('starts again with the core when it was left on, and stops when the core closes', async () => {
    const dataDir = tempDir();
    const first = await cores.start(dataDir);
    const before = await turnOn(first);
    await cores.stop(first);
    await expect(send(before.port, {})).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    const second = await cores.start(dataDir);
    const setting = (await second.call('localApi.get', {})) as LocalApiSetting;
    expect(setting).toMatchObject({ enabled: true, token: before.token });
    // Port 0 asked for a free port: the one it listens on now shows.
    expect(setting.port).toBeGreaterThan(0);
    expect((await client(setting).models.list()).data).toHaveLength(1);
  });

  it('refuses a port another program holds with a sentence, and stays off', async () => {
    const core = await cores.start(tempDir());
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const taken = (holder.address() as net.AddressInfo).port;
    try {
      await expect(core.call('localApi.set', { enabled: true, port: taken })).rejects.toMatchObject({
        code: 'LOCAL_API_PORT_IN_USE',
        shortMessage: `Another program already uses port ${taken}, so the local API could not start and stays off.`,
        action: expect.stringContaining('Choose another port'),
      });
      expect(await core.call('localApi.get', {})).toMatchObject({ enabled: false, port: taken });
      await expect(core.call('localApi.set', { enabled: true, port: 80 })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
      expect((await turnOn(core)).enabled).toBe(true);
    } finally {
      holder.close();
    }
  });

  it('shows itself off when the port it was left on is taken by the next start', async () => {
    const dataDir = tempDir();
    const first = await cores.start(dataDir);
    const { port } = await turnOn(first);
    expect((await first.call('localApi.set', { enabled: true, port })) as LocalApiSetting).toMatchObject({ enabled: true, port });
    await cores.stop(first);

    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      const second = await cores.start(dataDir);
      expect(await second.call('localApi.get', {})).toMatchObject({ enabled: false, port });
      const lines = fs.readFileSync(second.log.file, 'utf8');
      expect(lines).toContain('"event":"start-failed","code":"LOCAL_API_PORT_IN_USE"');
    } finally {
      holder.close();
    }
  });

  it('answers 503 with the reason while no chat model could be loaded', async () => {
    const dir = tempDir();
    const core = await cores.start(path.join(dir, 'data'), { ...unlockedForTests, modelPath: writeTruncatedModel(dir) });
    expect((await core.modelLoad).state).toBe('error');
    const api = await turnOn(core);
    const reply = client(api).chat.completions.create({ model: 'truncated.gguf', messages: [{ role: 'user', content: 'Hi' }] });
    await expect(reply).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    await expect(reply).rejects.toMatchObject({ status: 503, message: expect.stringContaining('no chat model loaded') });
  });
});

describe('replies for apps, one at a time', () => {
  it('stops a reply whose client went away, turns away a fifth waiting request, and answers the next one', async () => {
    const dir = tempDir();
    const core = await cores.start(path.join(dir, 'data'), { ...unlockedForTests, modelPath: await writeEndlessModel(dir) });
    expect((await core.modelLoad).state).toBe('ready');
    const api = await turnOn(core);
    const model = 'endless.gguf';
    const endless = { model, max_tokens: 3000, stream: true as const, messages: [{ role: 'user' as const, content: 'Go on' }] };

    const aborts = [new AbortController(), new AbortController(), new AbortController(), new AbortController()];
    const streams = aborts.map((abort) => client(api).chat.completions.create(endless, { signal: abort.signal }));
    const first = await streams[0]!;
    const iterator = first[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);

    const fifth = await send(api.port, {
      method: 'POST', url: '/v1/chat/completions', headers: { authorization: `Bearer ${api.token}`, host: `127.0.0.1:${api.port}` },
      body: JSON.stringify(endless),
    });
    expect(fifth.status).toBe(429);
    expect(fifth.headers['retry-after']).toBe('2');
    expect(errorOf(fifth).message).toContain('already answering 4 requests');

    for (const abort of aborts) abort.abort();
    await Promise.allSettled(streams);
    await iterator.return?.();

    // As apps do, with the client's retries, which honour Retry-After.
    const next = await new OpenAI({ baseURL: api.url, apiKey: api.token }).chat.completions.create({ model, max_tokens: 4, messages: [{ role: 'user', content: 'Again' }] });
    expect(next.usage!.completion_tokens).toBeGreaterThan(0);
    expect(next.usage!.completion_tokens).toBeLessThanOrEqual(4);

    const lines = fs.readFileSync(core.log.file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const gone = lines.filter((line) => line.event === 'request' && line.clientGone === true);
    expect(gone).toHaveLength(4);
    for (const line of gone) expect((line.completionTokens as number | undefined) ?? 0).toBeLessThan(3000);
  });
});
