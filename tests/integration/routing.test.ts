/**
 * Where a question runs, decided by the routing policy on a real core: a
 * real dev chain, a real provider process, and a wallet (a dev account)
 * that pays. Every reply records its route and reason; what a provider
 * would be sent is previewed first, redacted; local-only, a private
 * conversation and the cost threshold hold; a reply written again
 * elsewhere shifts the person's threshold.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApiSetting, Message, RoutePreview } from '../../src/api/contract.ts';
import type { Core } from '../../src/core/core.ts';
import { chainConfigOf } from '../../src/market/devchain/deployment-file.ts';
import { devAccount, devChainId } from '../../src/market/devchain/dev-accounts.ts';
import { accountSigner } from '../../src/wallet/account-signer.ts';
import { replyDone } from '../helpers/core-events.ts';
import { devPrivateKey, startDevMarket, type DevMarket } from '../helpers/dev-chain.ts';
import { demoModelPath, writeModelLargerThanMemory } from '../helpers/models.ts';
import { startProviderProcess, type ProviderProcess } from '../helpers/provider-process.ts';
import { useTestCores } from '../helpers/test-cores.ts';
import { unlockedForTests } from '../helpers/vault.ts';

const user = devAccount('user', devChainId);
/** This computer's context is kept small (256 tokens, 192 of them for the message), so that a long question does not fit it. */
const localContext = 256;
const longQuestion = `Tell a story for ada@example.org about ${'a lighthouse by the sea and its keeper, '.repeat(30)}the end.`;
/** Scored just above the default difficulty threshold by its steps alone. */
const stepsQuestion = 'First summarise the story, then list the characters, then explain the moral, and finally suggest a new title.';

let dir: string;
let chain: DevMarket;
let provider: ProviderProcess;
const cores = useTestCores();

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-routing-'));
  chain = await startDevMarket();
  provider = await startProviderProcess({ deploymentFile: chain.deploymentFile, privateKey: devPrivateKey('provider'), args: ['--model', demoModelPath] });
}, 180_000);

afterAll(async () => {
  await provider?.stop();
  await chain?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A core on the dev market with the dev user's wallet, once its model is loaded (or, given one that cannot load, once that failed). */
async function startCore(name: string, model: { path: string; loads: boolean } = { path: demoModelPath, loads: true }): Promise<Core> {
  const config = chainConfigOf(chain.deployment);
  const core = await cores.start(path.join(dir, name), {
    ...unlockedForTests, generation: { maxTokens: 12 }, contextSize: localContext, modelPath: model.path,
    market: { chain: config, wallet: accountSigner(user, config.rpcUrl, config.chainId), pingTimeoutMs: 2_000 },
  });
  await core.call('market.refresh', {});
  // The policy reads the model's context size, known once it is loaded.
  await expect.poll(async () => ((await core.call('model.status', {})) as { state: string }).state, { timeout: 60_000 }).toBe(model.loads ? 'ready' : 'error');
  return core;
}

const route = (core: Core, text: string, conversationId: string | null = null, override: 'local' | 'provider' | null = null) =>
  core.call('chat.route', { conversationId, text, override }) as Promise<RoutePreview>;

async function send(core: Core, text: string, target: object = { kind: 'auto' }, conversationId: string | null = null): Promise<Message> {
  const sent = (await core.call('chat.send', { conversationId, text, target })) as { assistantMessage: Message };
  return replyDone(core, sent.assistantMessage.id);
}

describe('automatic routing', () => {
  it('keeps a short question here and sends one too long for this computer to a provider, after previewing the redacted text', async () => {
    const core = await startCore('automatic');
    expect(await core.call('routing.get', {})).toEqual({ mode: 'automatic', confirmAboveWei: null, draftCheck: false });

    const short = await route(core, 'Once upon a time');
    expect(short).toMatchObject({ route: { target: 'local', code: 'easy-question' }, disclosure: null });
    expect(short.route.reason).toMatch(/^Answered here: a short question, and automatic mode keeps those here\.$/);
    const local = await send(core, 'Once upon a time');
    expect(local).toMatchObject({ status: 'complete', remote: null, route: short.route });

    const long = await route(core, longQuestion);
    expect(long.route).toMatchObject({ target: 'provider', code: 'prompt-too-long-for-local' });
    expect(long.route.reason).toMatch(/^Sent to a provider: the prompt \([\d,]+ tokens\) does not fit this computer's model \(192\)\.$/);
    expect(long.disclosure!.redacted).toEqual({ email: 1 });
    expect(long.disclosure!.text).toContain('Tell a story for [EMAIL_1] about');
    expect(long.disclosure!.text).not.toContain('ada@example.org');
    expect(BigInt(long.worstCaseWei!)).toBeGreaterThan(0n);

    const remote = await send(core, longQuestion);
    expect(remote).toMatchObject({ status: 'complete', route: long.route });
    // Exactly what was previewed left the device.
    expect(remote.remote!.sent.text).toBe(long.disclosure!.text);
  }, 180_000);

  it('waits for the person above their cost threshold, and learns from a reply they had written again here', async () => {
    const core = await startCore('threshold');
    expect(await route(core, stepsQuestion)).toMatchObject({ route: { target: 'provider', code: 'hard-question' }, confirm: false });

    await core.call('routing.set', { confirmAboveWei: '1' });
    expect(await route(core, stepsQuestion)).toMatchObject({ route: { target: 'provider' }, confirm: true });
    await expect(core.call('chat.send', { conversationId: null, text: stepsQuestion, target: { kind: 'auto' } })).rejects.toMatchObject({ code: 'ROUTE_NEEDS_CONFIRMATION' });
    expect(await core.call('conversations.list', {})).toEqual([]);
    const remote = await send(core, stepsQuestion, { kind: 'auto', confirmed: true });
    expect(remote.remote).not.toBeNull();

    // Written again here: such questions stay here from now on.
    const sent = (await core.call('chat.regenerate', { messageId: remote.id, on: 'local' })) as { assistantMessage: Message };
    const again = await replyDone(core, sent.assistantMessage.id);
    expect(again).toMatchObject({ status: 'complete', remote: null, route: { target: 'local', code: 'message-asks-local' } });
    expect(await route(core, stepsQuestion)).toMatchObject({ route: { target: 'local', code: 'easy-question' } });
  }, 180_000);
});

describe('a model that cannot load here', () => {
  it('sends even a short question to a provider in automatic mode, never silently: its preview shows the text that would leave and says why', async () => {
    const core = await startCore('out-of-memory', { path: writeModelLargerThanMemory(dir), loads: false });
    expect(((await core.call('model.status', {})) as { error: { code: string } | null }).error?.code).toBe('MODEL_TOO_LARGE');
    const preview = await route(core, 'Hello there');
    expect(preview.route).toMatchObject({ target: 'provider', code: 'no-local-model' });
    expect(preview.route.reason).toMatch(/no model to answer with/);
    expect(preview.disclosure?.text).toContain('Hello there');
    expect(await core.call('routing.set', { mode: 'local-only' })).toMatchObject({ mode: 'local-only' });
    expect(await route(core, 'Hello there')).toMatchObject({ route: { target: 'none' }, offerProvider: false, disclosure: null });
  }, 120_000);
});

describe('the draft check', () => {
  it('places a question the cheap signals would keep here by how sure this computer\'s model is of a draft of its reply', async () => {
    const core = await startCore('draft');
    expect(await route(core, 'Once upon a time')).toMatchObject({ route: { code: 'easy-question' } });
    await core.call('routing.set', { draftCheck: true });
    const drafted = await route(core, 'Once upon a time');
    expect(drafted.route.code).toMatch(/^(low-draft-confidence|confident-draft)$/);
    expect(drafted.route.reason).toMatch(/its draft scored 0\.\d\d, (below|at least) 0\.\d\d/);
    // Nothing of the draft is kept: the conversation list is still empty, and a reply written next is whole.
    expect(await core.call('conversations.list', {})).toEqual([]);
    expect(await send(core, 'Once upon a time', { kind: 'local' })).toMatchObject({ status: 'complete' });
  }, 120_000);
});

describe('what never leaves', () => {
  it('local-only mode answers here, and neither uses nor offers a provider, even for a question too long for this computer', async () => {
    const core = await startCore('local-only');
    expect(await core.call('routing.set', { mode: 'local-only' })).toMatchObject({ mode: 'local-only' });
    const long = await route(core, longQuestion);
    expect(long).toMatchObject({ route: { target: 'none', code: 'local-only-mode' }, offerProvider: false, disclosure: null, worstCaseWei: null });
    expect(long.route.reason).not.toMatch(/provider/);
    await expect(core.call('chat.send', { conversationId: null, text: longQuestion, target: { kind: 'auto' } }))
      .rejects.toMatchObject({ code: 'ROUTE_NOTHING_CAN_ANSWER', message: long.route.reason });
    expect(await send(core, stepsQuestion)).toMatchObject({ remote: null, route: { target: 'local', code: 'local-only-mode' } });
    expect(await core.call('sessions.list', {})).toEqual([]);
  }, 120_000);

  it('a memory marked private is previewed, and would leave, only as a placeholder', async () => {
    const core = await startCore('private-memory');
    const fact = (await core.call('memory.add', { text: 'its keeper', private: true })) as { private: boolean };
    expect(fact.private).toBe(true);
    const long = await route(core, longQuestion);
    expect(long.route.target).toBe('provider');
    expect(long.disclosure!.redacted).toEqual({ email: 1, 'private-text': 1 });
    expect(long.disclosure!.text).toContain('a lighthouse by the sea and [PRIVATE_1], ');
    expect(long.disclosure!.text).not.toContain('its keeper');
  }, 120_000);

  it('a private conversation refuses every provider, even one the message names', async () => {
    const core = await startCore('private');
    const first = await send(core, 'Once upon a time');
    await core.call('routing.conversation.set', { conversationId: first.conversationId, private: true });
    expect(await core.call('routing.conversation.get', { conversationId: first.conversationId })).toEqual({ private: true });
    expect(await route(core, stepsQuestion, first.conversationId)).toMatchObject({ route: { target: 'local', code: 'private-conversation' } });
    await expect(core.call('chat.send', { conversationId: first.conversationId, text: stepsQuestion, target: { kind: 'provider', fallback: 'none' } }))
      .rejects.toMatchObject({ code: 'ROUTE_PRIVATE_CONVERSATION' });
    expect(await core.call('sessions.list', {})).toEqual([]);
  }, 120_000);
});

describe('apps on the local API', () => {
  it('are routed by the same policy: a short request answered here, one too long for this computer by a provider, each saying so', async () => {
    const core = await startCore('local-api');
    const api = (await core.call('localApi.set', { enabled: true, port: 0 })) as LocalApiSetting;
    const client = new OpenAI({ baseURL: api.url, apiKey: api.token, maxRetries: 0 });
    const model = path.basename(demoModelPath);

    const short = await client.chat.completions.create({ model, max_tokens: 8, messages: [{ role: 'user', content: 'Once upon a time' }] }).withResponse();
    expect(short.response.headers.get('x-hearth-route')).toBe('local');
    expect(decodeURIComponent(short.response.headers.get('x-hearth-route-reason')!)).toMatch(/^Answered here: a short question/);
    expect(short.data.model).toBe(model);

    const long = await client.chat.completions.create({ model, max_tokens: 8, messages: [{ role: 'user', content: longQuestion }] }).withResponse();
    expect(long.response.headers.get('x-hearth-route')).toBe('provider');
    expect(decodeURIComponent(long.response.headers.get('x-hearth-route-reason')!)).toMatch(/does not fit this computer's model/);
    expect(long.data.model).toBe(chain.deployment.model.name);
    expect(long.data.choices[0]!.message.content!.length).toBeGreaterThan(0);
    const [session] = (await core.call('sessions.list', {})) as { state: string }[];
    expect(session).toMatchObject({ state: 'open' });

    await core.call('routing.set', { mode: 'local-only' });
    const refused = await client.chat.completions.create({ model, max_tokens: 8, messages: [{ role: 'user', content: longQuestion }] }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    expect(refused).toMatchObject({ status: 503, code: 'route_nothing_can_answer' });
  }, 180_000);
});
