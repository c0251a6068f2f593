/**
 * The marketplace through the API contract, on a real core, a real Hardhat
 * dev chain and two real provider processes, with a dev account as the
 * user's wallet through the signer seam: the market read and ranked, a chat
 * message asked of the best-ranked provider, sessions listed, reused and
 * closed, spend limits, a session allowance that lets Hearth's agent key
 * open sessions for the wallet, stakes withdrawn, and a chain that cannot
 * be reached leaving local chat working.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarketSessionView, MarketViewWire, Message, WalletStatus } from '../../src/api/contract.ts';
import type { Core } from '../../src/core/core.ts';
import { chainConfigOf } from '../../src/market/devchain/deployment-file.ts';
import { devAccount, devChainId } from '../../src/market/devchain/dev-accounts.ts';
import { freePort } from '../../src/market/devchain/hardhat-node.ts';
import { accountSigner } from '../../src/wallet/account-signer.ts';
import { replyDone } from '../helpers/core-events.ts';
import { devPrivateKey, startDevMarket, type DevMarket } from '../helpers/dev-chain.ts';
import { startProviderProcess, type ProviderProcess } from '../helpers/provider-process.ts';
import { useTestCores } from '../helpers/test-cores.ts';
import { unlockedForTests } from '../helpers/vault.ts';

const user = devAccount('user', devChainId);
const cheapPrice = 10n ** 14n;
const dearPrice = 3n * 10n ** 14n;
const day = 86_400n;

let dir: string;
let chain: DevMarket;
let cheap: ProviderProcess;
let dear: ProviderProcess;
const cores = useTestCores({ ...unlockedForTests, generation: { maxTokens: 24 } });

function marketCore(dataDir: string): Promise<Core> {
  const config = chainConfigOf(chain.deployment);
  return cores.start(dataDir, {
    ...unlockedForTests, generation: { maxTokens: 24 },
    market: { chain: config, wallet: accountSigner(user, config.rpcUrl, config.chainId), pingTimeoutMs: 2_000 },
  });
}

async function ask(core: Core, text: string, target: unknown): Promise<Message> {
  const sent = (await core.call('chat.send', { conversationId: null, text, target })) as { assistantMessage: Message };
  return replyDone(core, sent.assistantMessage.id);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-market-api-'));
  chain = await startDevMarket();
  cheap = await startProviderProcess({ deploymentFile: chain.deploymentFile, privateKey: devPrivateKey('provider'), args: ['--price-per-second', cheapPrice.toString()] });
  dear = await startProviderProcess({ deploymentFile: chain.deploymentFile, privateKey: devPrivateKey('modelOwner'), args: ['--price-per-second', dearPrice.toString()] });
}, 180_000);

afterAll(async () => {
  await cheap?.stop();
  await dear?.stop();
  await chain?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the marketplace through the API', () => {
  it('reads the market and ranks its bids, asks the best-ranked provider, reuses its session, closes it and withdraws what was held', async () => {
    const core = await marketCore(path.join(dir, 'paid'));
    const view = (await core.call('market.refresh', {})) as MarketViewWire;
    expect(view).toMatchObject({ status: 'ready', chainId: devChainId });
    const [model] = view.models;
    expect(model!.name).toBe(chain.deployment.model.name);
    // Equal records: the score is divided by the price, so the cheaper bid ranks first.
    expect(model!.bids.map((bid) => bid.id)).toEqual([cheap.bidId, dear.bidId]);
    expect(model!.bids[0]!.score!).toBeGreaterThan(model!.bids[1]!.score!);

    const wallet = (await core.call('wallet.status', {})) as WalletStatus;
    expect(wallet).toMatchObject({ connected: true, address: user.address, agent: null, limits: { perReplyWei: null, perSessionWei: null, perDayWei: null } });
    expect(BigInt(wallet.morWei!)).toBeGreaterThan(0n);

    const first = await ask(core, 'Once upon a time', { kind: 'provider' });
    expect(first.status).toBe('complete');
    expect(first.remote).toMatchObject({ provider: { address: cheap.address }, bid: { id: cheap.bidId } });
    expect(first.remote!.transactions.length).toBeGreaterThanOrEqual(1);
    const second = await ask(core, 'The end', { kind: 'provider' });
    expect(second.remote).toMatchObject({ sessionId: first.remote!.sessionId, transactions: [] });

    const [session] = (await core.call('sessions.list', {})) as MarketSessionView[];
    expect(session).toMatchObject({ state: 'open', sessionId: first.remote!.sessionId });
    expect(session!.transactions.map((transaction) => transaction.hash)).toEqual(first.remote!.transactions);
    expect(session!.transactions.every((transaction) => transaction.status === 'mined' && transaction.purpose.length > 0)).toBe(true);

    await chain.advance(120n);
    const closed = (await core.call('sessions.close', { id: session!.id })) as MarketSessionView;
    expect(closed.state).toBe('closed');
    expect(BigInt(closed.costWei!)).toBe(BigInt(closed.closedAt! - closed.openedAt!) * cheapPrice);
    const held = (await core.call('wallet.status', {})) as WalletStatus;
    expect(held.stakes.held).toEqual([{ sessionRef: session!.id, amountWei: closed.heldWei, releasedAt: closed.heldUntil }]);

    const nothingYet = await core.call('sessions.withdraw', {});
    expect(nothingYet).toEqual({ hash: null, amountWei: '0' });
    const now = await chain.latestTimestamp();
    await chain.mineAt(now - (now % day) + day + 1n);
    const withdrawn = (await core.call('sessions.withdraw', {})) as { hash: string; amountWei: string };
    expect(withdrawn.amountWei).toBe(closed.heldWei);
  }, 240_000);

  it('refuses a reply whose session would pass the limit per session before anything is signed, with a sentence naming it', async () => {
    const core = await marketCore(path.join(dir, 'limits'));
    await core.call('market.refresh', {});
    const status = (await core.call('wallet.setLimits', { perReplyWei: null, perSessionWei: parseEther('0.001').toString(), perDayWei: null })) as WalletStatus;
    expect(status.limits.perSessionWei).toBe(parseEther('0.001').toString());
    const refused = await ask(core, 'Once upon a time', { kind: 'provider', fallback: 'none' });
    expect(refused.status).toBe('error');
    expect(refused.error).toMatchObject({ code: 'SPEND_LIMIT_SESSION', message: expect.stringContaining('0.001 MOR per session') });
    expect(((await core.call('sessions.list', {})) as MarketSessionView[]).filter((session) => session.state !== 'failed')).toEqual([]);
  }, 120_000);

  it('opens sessions with Hearth’s agent key once the wallet gave a session allowance, and stops when it is revoked', async () => {
    const core = await marketCore(path.join(dir, 'allowance'));
    await core.call('market.refresh', {});
    const granted = (await core.call('wallet.grantAllowance', { capWei: parseEther('5').toString(), gasWei: parseEther('0.01').toString() })) as WalletStatus;
    expect(granted.agent).toMatchObject({ delegated: true, ethWei: parseEther('0.01').toString() });
    expect(granted.allowanceWei).toBe(parseEther('5').toString());

    const reply = await ask(core, 'Once upon a time', { kind: 'provider', bidId: dear.bidId, fallback: 'none' });
    expect(reply.remote).toMatchObject({ provider: { address: dear.address } });
    const opened = ((await core.call('sessions.list', {})) as MarketSessionView[]).find((session) => session.sessionId === reply.remote!.sessionId)!;
    // The agent opened it for the wallet: no approval of its own, the stake taken from the wallet's allowance.
    expect(opened.transactions.map((transaction) => transaction.kind)).toEqual(['open']);
    const onChain = await chain.as('user').getSession(reply.remote!.sessionId as `0x${string}`);
    expect(onChain.user.toLowerCase()).toBe(user.address.toLowerCase());
    const after = (await core.call('wallet.status', {})) as WalletStatus;
    expect(BigInt(after.allowanceWei!)).toBe(parseEther('5') - BigInt(opened.stakeWei));

    const closed = (await core.call('sessions.close', { id: opened.id })) as MarketSessionView;
    expect(closed.transactions.at(-1)).toMatchObject({ kind: 'close', status: 'mined' });
    // Its held stake is withdrawn by the agent key too, to the wallet, once released.
    const now = await chain.latestTimestamp();
    await chain.mineAt(now - (now % day) + day + 1n);
    const morBefore = await chain.as('user').morBalance(user.address);
    const withdrawn = (await core.call('sessions.withdraw', {})) as { hash: string | null; amountWei: string };
    expect(withdrawn.amountWei).toBe(closed.heldWei);
    expect(await chain.as('user').morBalance(user.address)).toBe(morBefore + BigInt(closed.heldWei!));
    // A cap lower than a session's stake: refused before the agent signs anything, with a sentence.
    await core.call('wallet.grantAllowance', { capWei: parseEther('0.01').toString(), gasWei: '0' });
    const sessionsBefore = ((await core.call('sessions.list', {})) as MarketSessionView[]).length;
    const short = await ask(core, 'Once upon a time', { kind: 'provider', bidId: cheap.bidId, fallback: 'none' });
    expect(short).toMatchObject({ status: 'error', error: { code: 'MARKET_ALLOWANCE_TOO_SMALL' } });
    expect((await core.call('sessions.list', {})) as MarketSessionView[]).toHaveLength(sessionsBefore);
    const revoked = (await core.call('wallet.revokeAllowance', {})) as WalletStatus;
    expect(revoked).toMatchObject({ allowanceWei: '0', agent: { delegated: false } });
  }, 240_000);

  it('starts with a chain it cannot reach: local chat works, and the market says why', async () => {
    const config = { ...chainConfigOf(chain.deployment), rpcUrl: `http://127.0.0.1:${await freePort()}` };
    const core = await cores.start(path.join(dir, 'unreachable'), {
      ...unlockedForTests, generation: { maxTokens: 8 }, market: { chain: config, wallet: accountSigner(user, config.rpcUrl, config.chainId) },
    });
    const local = await ask(core, 'Once upon a time', undefined);
    expect(local).toMatchObject({ status: 'complete', remote: null });
    const view = (await core.call('market.refresh', {})) as MarketViewWire;
    expect(view).toMatchObject({ status: 'failed', error: { code: 'CHAIN_UNREACHABLE' }, models: [] });
    await expect(core.call('chat.send', { conversationId: null, text: 'Hello', target: { kind: 'provider' } })).rejects.toMatchObject({ code: 'MARKET_NO_PROVIDER' });
  }, 120_000);

  it('says so when the node it is given is on another network, and asks nothing of it', async () => {
    const core = await cores.start(path.join(dir, 'other-network'), {
      ...unlockedForTests, generation: { maxTokens: 8 }, market: { chain: { ...chainConfigOf(chain.deployment), chainId: 8453 } },
    });
    const view = (await core.call('market.refresh', {})) as MarketViewWire;
    expect(view).toMatchObject({ status: 'failed', error: { code: 'CHAIN_WRONG_NETWORK', details: expect.stringContaining('is chain 31337, not 8453') }, models: [] });
    expect(await core.call('market.chain', {})).toEqual({ ...chainConfigOf(chain.deployment), chainId: 8453 });
    expect(await core.call('wallet.status', {})).toMatchObject({ connected: false });
  }, 60_000);

  it('has no market without a marketplace configured, and says so', async () => {
    const core = await cores.start(path.join(dir, 'none'));
    expect(await core.call('market.view', {})).toEqual({ status: 'off', chainId: null, readAt: null, models: [] });
    expect(await core.call('market.chain', {})).toBeNull();
    await expect(core.call('wallet.status', {})).rejects.toMatchObject({ code: 'MARKET_NOT_CONFIGURED' });
    await expect(core.call('chat.send', { conversationId: null, text: 'Hello', target: { kind: 'provider' } })).rejects.toMatchObject({ code: 'MARKET_NOT_CONFIGURED' });
  }, 60_000);
});
