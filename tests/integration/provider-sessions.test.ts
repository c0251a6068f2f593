/**
 * The life of a provider session on a real Hardhat dev chain with two real
 * provider processes, kept in a real encrypted store: opened with a fresh
 * key and signed by the user's wallet (a dev account through the signer
 * seam), reused for the next question, closed with the provider's receipt
 * or, with the provider gone, with the user's own; its cost to the wei;
 * stakes held after an early close listed with their release and
 * withdrawn; spend limits refusing before anything is signed; Hearth
 * killed with SIGKILL mid-session, or before the wallet's answer came back,
 * found and settled at the next start; and a wallet without MOR or ETH, or
 * a bid deleted mid-opening, refused with a sentence and recorded.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEther, type Account, type Address, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HearthError } from '../../src/api/errors.ts';
import { devAccount, devChainId } from '../../src/market/devchain/dev-accounts.ts';
import { chainConfigOf } from '../../src/market/devchain/deployment-file.ts';
import { ProviderSessions, type SessionTarget } from '../../src/market/sessions/provider-sessions.ts';
import { reconcileSessions } from '../../src/market/sessions/reconcile.ts';
import { SpendLedger } from '../../src/market/sessions/spend-ledger.ts';
import { setSpendLimits } from '../../src/market/spend/spend-limits.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { accountSigner } from '../../src/wallet/account-signer.ts';
import type { WalletSigner } from '../../src/wallet/signer.ts';
import { devPrivateKey, startDevMarket, type DevMarket } from '../helpers/dev-chain.ts';
import { startProviderProcess, type ProviderProcess } from '../helpers/provider-process.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const user = devAccount('user', devChainId);
const key = randomBytes(32);
const stake = parseEther('1');
const cheapPrice = 10n ** 14n;
const dearPrice = 2n * 10n ** 14n;
const day = 86_400n;

let dir: string;
let chain: DevMarket;
let cheap: ProviderProcess;
let dear: ProviderProcess;
let store: Store;
let sessions: ProviderSessions;
let ledger: SpendLedger;

function target(provider: ProviderProcess, pricePerSecond: bigint): SessionTarget {
  return {
    provider: { address: provider.address as Address, endpoint: `${provider.host}:${provider.port}` },
    model: chain.deployment.model,
    bid: { id: provider.bidId, pricePerSecond },
  };
}

function startSessions(): void {
  store = openStore(path.join(dir, 'data'), { key });
  const config = chainConfigOf(chain.deployment);
  ledger = new SpendLedger(store.settings);
  sessions = new ProviderSessions({
    config, signer: accountSigner(user, config.rpcUrl, config.chainId), user: user.address,
    records: store.marketSessions, ledger, reportTimeoutMs: 2_000,
  });
}

const morOfUser = () => chain.as('user').morBalance(user.address);

/** Runs tests/helpers/session-child.ts until it prints its first line, then kills it with SIGKILL. */
async function killedChild(mode: 'open' | 'lost-answer', on: SessionTarget): Promise<Record<string, unknown>> {
  const json = JSON.stringify({ ...on, bid: { id: on.bid.id, pricePerSecond: on.bid.pricePerSecond.toString() } });
  const child = spawn(process.execPath, [
    path.join(here, '../helpers/session-child.ts'), path.join(dir, 'data'), key.toString('hex'), chain.deploymentFile, json, stake.toString(), mode,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const line = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`the session process exited (${code}) early:\n${stderr}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return JSON.parse(line) as Record<string, unknown>;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-sessions-'));
  chain = await startDevMarket();
  cheap = await startProviderProcess({ deploymentFile: chain.deploymentFile, privateKey: devPrivateKey('provider'), args: ['--price-per-second', cheapPrice.toString()] });
  dear = await startProviderProcess({ deploymentFile: chain.deploymentFile, privateKey: devPrivateKey('modelOwner'), args: ['--price-per-second', dearPrice.toString()] });
  startSessions();
}, 180_000);

afterAll(async () => {
  store?.close();
  await cheap?.stop();
  await dear?.stop();
  await chain?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a session signed by the user’s wallet', () => {
  it('opens with a fresh key, is reused for the next question, closes with the provider’s receipt, and costs what the contract paid, to the wei', async () => {
    const before = await morOfUser();
    const opened = await sessions.open(target(cheap, cheapPrice), { stake });
    expect(opened.record).toMatchObject({ state: 'open', stake, bid: { id: cheap.bidId } });
    expect(opened.record.sessionId).toMatch(/^0x[0-9a-f]{64}$/);
    expect(opened.transactions.length).toBeGreaterThanOrEqual(1);
    const recorded = store.marketSessions.transactionsOf(opened.record.id);
    expect(recorded.map((transaction) => transaction.hash)).toEqual(opened.transactions);
    expect(recorded.every((transaction) => transaction.status === 'mined')).toBe(true);
    expect(recorded.at(-1)).toMatchObject({ kind: 'open' });

    const other = await sessions.open(target(cheap, cheapPrice), { stake });
    expect(other.record.sessionKey).not.toBe(opened.record.sessionKey);
    await sessions.close(other.record.id);

    const reused = await sessions.sessionFor(target(cheap, cheapPrice), { stake: async () => stake });
    expect(reused.record.id).toBe(opened.record.id);
    expect(reused.transactions).toEqual([]);
    expect(store.marketSessions.transactionsOf(opened.record.id)).toHaveLength(recorded.length);

    await chain.advance(600n);
    const closed = await sessions.close(opened.record.id);
    const onChain = await chain.as('user').getSession(opened.record.sessionId!);
    expect(onChain.closeoutType).toBe(0n);
    expect(closed).toMatchObject({ state: 'closed', closedAt: onChain.closedAt });
    expect(closed.costWei).toBe((onChain.closedAt - onChain.openedAt) * cheapPrice);
    expect(store.marketSessions.transactionsOf(opened.record.id).at(-1)).toMatchObject({ kind: 'close', status: 'mined' });

    // Part of each early close is held until the next UTC midnight: listed with its release, then withdrawn.
    const now = await chain.latestTimestamp();
    const report = await reconcileSessions(sessions, { withdraw: false });
    expect(report.stakes.hold).toBeGreaterThan(0n);
    expect(report.stakes.held.map((held) => held.sessionRef).sort()).toEqual([opened.record.id, other.record.id].sort());
    expect(report.stakes.held.reduce((sum, held) => sum + held.amount, 0n)).toBe(report.stakes.hold);
    for (const held of report.stakes.held) expect(held.releasedAt).toBe(now - (now % day) + day);
    await chain.mineAt(now - (now % day) + day + 1n);
    const released = await reconcileSessions(sessions, { withdraw: true });
    expect(released.withdrawn?.amount).toBe(report.stakes.hold);
    const spent = before - (await morOfUser());
    expect(spent).toBe(closed.costWei! + store.marketSessions.get(other.record.id)!.costWei!);
  }, 240_000);

  it('closes with the user’s own receipt, as a dispute, when the provider is gone', async () => {
    const opened = await sessions.open(target(dear, dearPrice), { stake });
    await dear.stop();
    const closed = await sessions.close(opened.record.id);
    expect(closed.state).toBe('closed');
    expect((await chain.as('user').getSession(opened.record.sessionId!)).closeoutType).toBe(1n);
    expect(closed.costWei).toBe((closed.closedAt! - closed.openedAt!) * dearPrice);
  }, 120_000);

  it('refuses a session over the spend limit before anything is signed, and leaves no trace', async () => {
    ledger.apply((state) => setSpendLimits(state, { perSession: stake - 1n }));
    const before = { sessions: store.marketSessions.list().length, transactions: store.marketSessions.listTransactions().length };
    const refused = await sessions.open(target(cheap, cheapPrice), { stake }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HearthError);
    expect((refused as HearthError).code).toBe('SPEND_LIMIT_SESSION');
    expect((refused as HearthError).message).toContain('1 MOR');
    expect(store.marketSessions.list()).toHaveLength(before.sessions);
    expect(store.marketSessions.listTransactions()).toHaveLength(before.transactions);
    ledger.apply((state) => setSpendLimits(state, {}));
  }, 60_000);
});

describe('Hearth killed with SIGKILL', () => {
  it('finds a session it had opened, keeps it while it has time, and closes it once its time is up, to the wei', async () => {
    store.close();
    const before = await morOfUser();
    const { opened } = (await killedChild('open', target(cheap, cheapPrice))) as { opened: { id: string; sessionId: Hex } };
    startSessions();
    const resumed = await reconcileSessions(sessions, { withdraw: false });
    expect(resumed.resumed.map((record) => record.id)).toEqual([opened.id]);

    const { endsAt } = await chain.as('user').getSession(opened.sessionId);
    await chain.mineAt(endsAt + 1n);
    const settled = await reconcileSessions(sessions, { withdraw: false });
    expect(settled.closed.map((record) => record.id)).toEqual([opened.id]);
    const record = store.marketSessions.get(opened.id)!;
    expect(record.state).toBe('expired');
    // Run to its end, nothing is held: the wallet paid exactly the session's cost.
    expect(before - (await morOfUser())).toBe(record.costWei);
  }, 180_000);

  it('finds a session whose opening the wallet sent but whose answer never came back, by its used approval', async () => {
    store.close();
    const { sent } = (await killedChild('lost-answer', target(cheap, cheapPrice))) as { sent: Hex };
    startSessions();
    const opening = store.marketSessions.list({ states: ['opening'] });
    expect(opening).toHaveLength(1);
    const report = await reconcileSessions(sessions, { withdraw: false });
    expect(report.resumed.map((record) => record.id)).toEqual([opening[0]!.id]);
    const found = store.marketSessions.get(opening[0]!.id)!;
    const onChain = await chain.as('user').getSession(found.sessionId!);
    expect(onChain.user.toLowerCase()).toBe(user.address.toLowerCase());
    expect(sent).toMatch(/^0x[0-9a-f]{64}$/);
    await sessions.close(found.id);
  }, 180_000);

  it('marks a session that never reached the chain as failed, with nothing staked', async () => {
    const record = store.marketSessions.create({
      chainId: devChainId, user: user.address, provider: target(cheap, cheapPrice).provider, model: chain.deployment.model,
      bid: { id: cheap.bidId, pricePerSecond: cheapPrice }, stake, sessionKey: `0x${randomBytes(32).toString('hex')}`,
    });
    const report = await reconcileSessions(sessions, { withdraw: false });
    expect(report.failed.map((failed) => failed.id)).toEqual([record.id]);
    expect(store.marketSessions.get(record.id)).toMatchObject({ state: 'failed', error: expect.stringContaining('nothing was staked') });
  }, 60_000);
});

describe('bad input: a clear sentence, and nothing is lost', () => {
  /** Sessions for a wallet of its own: a fresh key, or a dev account other than the user's. */
  function sessionsOf(account: Account, signer?: WalletSigner): ProviderSessions {
    const config = chainConfigOf(chain.deployment);
    return new ProviderSessions({
      config, signer: signer ?? accountSigner(account, config.rpcUrl, config.chainId), user: account.address,
      records: store.marketSessions, ledger, reportTimeoutMs: 2_000,
    });
  }

  async function refusalOf(promise: Promise<unknown>): Promise<HearthError> {
    const error = await promise.then(() => undefined, (failure: unknown) => failure);
    expect(error).toBeInstanceOf(HearthError);
    return error as HearthError;
  }

  it('refuses a wallet without the MOR to stake, and records the session as failed with why', async () => {
    const poor = privateKeyToAccount(generatePrivateKey());
    await chain.rpc('hardhat_setBalance', [poor.address, `0x${parseEther('1').toString(16)}`]);
    const refused = await refusalOf(sessionsOf(poor).open(target(cheap, cheapPrice), { stake }));
    expect(refused).toMatchObject({ code: 'CHAIN_REVERTED', shortMessage: 'The wallet does not hold enough MOR.' });
    const [record] = store.marketSessions.list({ user: poor.address });
    expect(record).toMatchObject({ state: 'failed', sessionId: null, error: expect.stringContaining('does not hold enough MOR') });
    expect(ledger.state.sessions[record!.id]).toMatchObject({ amount: 0n, closed: true });
  }, 60_000);

  it('refuses a wallet without the ETH for its network fees', async () => {
    const empty = privateKeyToAccount(generatePrivateKey());
    const refused = await refusalOf(sessionsOf(empty).open(target(cheap, cheapPrice), { stake }));
    expect(refused.code).toBe('CHAIN_INSUFFICIENT_FUNDS');
    expect(store.marketSessions.list({ user: empty.address })).toEqual([expect.objectContaining({ state: 'failed' })]);
  }, 60_000);

  it('refuses, with the contract’s reason, a bid deleted between the provider’s approval and the opening', async () => {
    const other = devAccount('otherUser', devChainId);
    const config = chainConfigOf(chain.deployment);
    const wallet = accountSigner(other, config.rpcUrl, config.chainId);
    // The provider withdraws its bid while the wallet is asked to sign the MOR approval that comes before the opening.
    const racing: WalletSigner = {
      address: wallet.address,
      async sendTransaction(request) {
        if (request.to.toLowerCase() === config.mor.toLowerCase()) await chain.as('provider').deleteBid(cheap.bidId);
        return wallet.sendTransaction(request);
      },
    };
    const before = await chain.as('user').morBalance(other.address);
    const refused = await refusalOf(sessionsOf(other, racing).open(target(cheap, cheapPrice), { stake }));
    expect(refused).toMatchObject({ code: 'CHAIN_REVERTED', shortMessage: 'The provider’s bid is no longer active.' });
    expect(store.marketSessions.list({ user: other.address })).toEqual([expect.objectContaining({ state: 'failed' })]);
    expect(await chain.as('user').morBalance(other.address)).toBe(before);
  }, 60_000);
});
