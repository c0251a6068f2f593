/**
 * Provider sessions and their transactions, kept in the real encrypted
 * store: a session goes from opening to closed and is still there after a
 * restart, wei amounts beyond 64 bits come back exact, the next question
 * reuses only a session that can still serve it, transactions are recorded
 * once however often they are reported, the session's private key never
 * reaches the disk in the clear nor the export, and a database from before
 * sessions gains their tables on opening.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getAddress, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { HearthError } from '../../src/api/errors.ts';
import { exportData } from '../../src/privacy/export-data.ts';
import { exportReadable } from '../../src/privacy/export-readable.ts';
import { openReadOnly } from '../../src/store/open.ts';
import { createAgentKey } from '../../src/wallet/agent-key.ts';
import type { NewMarketSession } from '../../src/store/market-sessions.ts';
import { schemaVersion } from '../../src/store/migrations.ts';
import { databaseFileName, openStore } from '../../src/store/store.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { dropSinceVectorCodes, migrationsSinceVectorCodes } from '../helpers/vector-codes-schema.ts';

const tempDir = useTempDirs();
const key = randomBytes(32);
const chainId = 31337;
const user = getAddress('0x70997970c51812dc3a010c7d01b50e0d17dc79c8');
const otherUser = getAddress('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc');
const bidId: Hex = `0x${'ab'.repeat(32)}`;
const otherBidId: Hex = `0x${'cd'.repeat(32)}`;
/** Past 2^64: an amount that a 64-bit integer column would corrupt. */
const huge = 2n ** 70n + 123_456_789n;

const sessionOn = (overrides: Partial<NewMarketSession> = {}): NewMarketSession => ({
  chainId,
  user,
  provider: { address: getAddress('0x90f79bf6eb2c4f870365e785982e1f101e93b906'), endpoint: '127.0.0.1:3333' },
  model: { id: `0x${'11'.repeat(32)}`, name: 'llama-3.2-1b' },
  bid: { id: bidId, pricePerSecond: 10n ** 14n },
  stake: 5n * 10n ** 18n,
  sessionKey: generatePrivateKey(),
  ...overrides,
});

const sessionIdOf = (n: number): Hex => `0x${n.toString(16).padStart(64, '0')}`;
const hashOf = (n: number): Hex => `0x${n.toString(16).padStart(64, 'e')}`;

describe('provider sessions in the store', () => {
  it('follow a session from opening to closed, and find it again after a restart', () => {
    const dir = tempDir();
    const store = openStore(dir, { key });
    const input = sessionOn();
    const created = store.marketSessions.create(input, 1_000);
    expect(created).toMatchObject({ state: 'opening', sessionId: null, user, bid: input.bid, stake: input.stake, sessionKey: input.sessionKey, createdAt: 1_000, updatedAt: 1_000 });

    const sessionId = sessionIdOf(7);
    store.marketSessions.update(created.id, { approval: '0xaa', approvalSignature: '0xbb', providerPublicKey: '0x04cc' }, 2_000);
    const opened = store.marketSessions.update(created.id, { state: 'open', sessionId, openedAt: 1_700_000_000n, endsAt: 1_700_003_600n }, 3_000);
    expect(opened).toMatchObject({ state: 'open', sessionId, approval: '0xaa', providerPublicKey: '0x04cc', openedAt: 1_700_000_000n, endsAt: 1_700_003_600n, updatedAt: 3_000 });
    store.marketSessions.update(created.id, { state: 'closing' }, 4_000);
    const closed = store.marketSessions.update(created.id, { state: 'closed', closedAt: 1_700_000_900n, costWei: 9n * 10n ** 16n, refundWei: 491n * 10n ** 16n }, 5_000);
    expect(closed).toMatchObject({ state: 'closed', closedAt: 1_700_000_900n, costWei: 9n * 10n ** 16n, refundWei: 491n * 10n ** 16n, createdAt: 1_000, updatedAt: 5_000 });
    store.close();

    const reopened = openStore(dir, { key });
    expect(reopened.marketSessions.get(created.id)).toEqual(closed);
    expect(reopened.marketSessions.bySessionId(sessionId)).toEqual(closed);
    expect(reopened.marketSessions.bySessionId(sessionId.toUpperCase().replace('0X', '0x') as Hex)).toEqual(closed);
    expect(reopened.marketSessions.bySessionId(sessionIdOf(8))).toBeUndefined();
    reopened.close();

    const onDisk = fs.readdirSync(dir).filter((name) => name.startsWith(databaseFileName)).map((name) => fs.readFileSync(path.join(dir, name)));
    expect(onDisk.length).toBeGreaterThan(0);
    for (const bytes of onDisk) {
      expect(bytes.includes(input.sessionKey)).toBe(false);
      expect(bytes.includes(input.sessionKey.slice(2))).toBe(false);
    }
  });

  it('keeps wei amounts beyond 2^64 exact, and a null clears what was set', () => {
    const store = openStore(tempDir(), { key });
    const created = store.marketSessions.create(sessionOn({ stake: huge, bid: { id: bidId, pricePerSecond: huge + 1n } }));
    store.marketSessions.update(created.id, { costWei: huge + 2n, refundWei: huge + 3n, error: 'the provider went away' });
    const cleared = store.marketSessions.update(created.id, { error: null, state: undefined });
    expect(cleared).toMatchObject({ state: 'opening', error: null, stake: huge, bid: { pricePerSecond: huge + 1n }, costWei: huge + 2n, refundWei: huge + 3n });
    store.close();
  });

  it('says NOT_FOUND for a session or transaction it never kept', () => {
    const store = openStore(tempDir(), { key });
    expect(() => store.marketSessions.update('no-such-session', { state: 'failed' })).toThrow(HearthError);
    expect(() => store.marketSessions.update('no-such-session', { state: 'failed' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => store.marketSessions.markTransaction(hashOf(1), { status: 'mined', blockNumber: 1 })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(store.marketSessions.get('no-such-session')).toBeUndefined();
    store.close();
  });

  it('reuses only an open session on that bid, for that user and chain, with enough time left', () => {
    const store = openStore(tempDir(), { key });
    const now = 1_700_000_000n;
    const minSecondsLeft = 120n;
    let opened = 0;
    const openOne = (input: NewMarketSession, endsAt: bigint, state: 'open' | 'closed' | 'closing' = 'open') => {
      const created = store.marketSessions.create(input);
      opened += 1;
      return store.marketSessions.update(created.id, { state, sessionId: sessionIdOf(opened), openedAt: now - 60n, endsAt });
    };
    expect(store.marketSessions.findReusable({ chainId, user, bidId, now, minSecondsLeft })).toBeUndefined();

    openOne(sessionOn(), now + 119n);
    openOne(sessionOn(), now + 3_600n, 'closed');
    openOne(sessionOn(), now + 3_601n, 'closing');
    openOne(sessionOn({ user: otherUser }), now + 3_602n);
    openOne(sessionOn({ chainId: 1 }), now + 3_603n);
    openOne(sessionOn({ bid: { id: otherBidId, pricePerSecond: 1n } }), now + 3_604n);
    store.marketSessions.create(sessionOn());
    expect(store.marketSessions.findReusable({ chainId, user, bidId, now, minSecondsLeft })).toBeUndefined();

    const justEnough = openOne(sessionOn(), now + 120n);
    expect(store.marketSessions.findReusable({ chainId, user, bidId, now, minSecondsLeft })).toEqual(justEnough);
    const longer = openOne(sessionOn(), now + 600n);
    expect(store.marketSessions.findReusable({ chainId, user, bidId, now, minSecondsLeft })).toEqual(longer);
    // The same user and bid, written in another case, are the same.
    const lowercase = { chainId, user: user.toLowerCase() as Hex, bidId: bidId.toUpperCase().replace('0X', '0x') as Hex, now, minSecondsLeft };
    expect(store.marketSessions.findReusable(lowercase)).toEqual(longer);
    expect(store.marketSessions.findReusable({ chainId, user, bidId, now: now + 481n, minSecondsLeft })).toBeUndefined();
    store.close();
  });

  it('lists sessions newest first, by state, chain, user and time', () => {
    const store = openStore(tempDir(), { key });
    const first = store.marketSessions.create(sessionOn(), 1_000);
    const second = store.marketSessions.create(sessionOn({ user: otherUser }), 2_000);
    const third = store.marketSessions.create(sessionOn({ chainId: 1 }), 3_000);
    store.marketSessions.update(first.id, { state: 'open' });
    store.marketSessions.update(third.id, { state: 'failed', error: 'reverted' });

    const ids = (records: { id: string }[]) => records.map((record) => record.id);
    expect(ids(store.marketSessions.list())).toEqual([third.id, second.id, first.id]);
    expect(ids(store.marketSessions.list({ states: ['open', 'failed'] }))).toEqual([third.id, first.id]);
    expect(ids(store.marketSessions.list({ states: [] }))).toEqual([]);
    expect(ids(store.marketSessions.list({ chainId }))).toEqual([second.id, first.id]);
    expect(ids(store.marketSessions.list({ user: user.toLowerCase() as Hex }))).toEqual([third.id, first.id]);
    expect(ids(store.marketSessions.list({ since: 2_000 }))).toEqual([third.id, second.id]);
    expect(ids(store.marketSessions.list({ states: ['opening'], chainId, user: otherUser, since: 1_500 }))).toEqual([second.id]);
    store.close();
  });

  it('records each transaction once, marks it mined or reverted, and lists it with its session', () => {
    const dir = tempDir();
    const store = openStore(dir, { key });
    const session = store.marketSessions.create(sessionOn());
    const approve = store.marketSessions.recordTransaction({ hash: hashOf(1), chainId, sessionRef: session.id, kind: 'approve', purpose: 'Let the marketplace take the stake' }, 1_000);
    expect(approve).toEqual({ hash: hashOf(1), chainId, sessionRef: session.id, kind: 'approve', purpose: 'Let the marketplace take the stake', status: 'sent', blockNumber: null, createdAt: 1_000, updatedAt: 1_000 });
    store.marketSessions.recordTransaction({ hash: hashOf(2), chainId, sessionRef: session.id, kind: 'open', purpose: 'Open the session' }, 2_000);
    store.marketSessions.recordTransaction({ hash: hashOf(3), chainId, sessionRef: null, kind: 'fund', purpose: 'Fund the wallet' }, 3_000);

    store.marketSessions.markTransaction(hashOf(1), { status: 'mined', blockNumber: 41 }, 4_000);
    // Recorded again after a restart: what is known of it stays.
    const again = store.marketSessions.recordTransaction({ hash: hashOf(1), chainId, sessionRef: session.id, kind: 'approve', purpose: 'Let the marketplace take the stake' }, 5_000);
    expect(again).toMatchObject({ status: 'mined', blockNumber: 41, createdAt: 1_000, updatedAt: 4_000 });
    store.marketSessions.markTransaction(hashOf(2).toUpperCase().replace('0X', '0x') as Hex, { status: 'reverted', blockNumber: 42 }, 6_000);
    store.close();

    const reopened = openStore(dir, { key });
    const mine = reopened.marketSessions.transactionsOf(session.id);
    expect(mine.map((transaction) => [transaction.hash, transaction.kind, transaction.status, transaction.blockNumber])).toEqual([
      [hashOf(1), 'approve', 'mined', 41],
      [hashOf(2), 'open', 'reverted', 42],
    ]);
    expect(reopened.marketSessions.listTransactions().map((transaction) => transaction.hash)).toEqual([hashOf(3), hashOf(2), hashOf(1)]);
    expect(reopened.marketSessions.listTransactions({ status: 'sent' }).map((transaction) => transaction.hash)).toEqual([hashOf(3)]);
    expect(reopened.marketSessions.listTransactions({ since: 2_000, status: 'reverted' }).map((transaction) => transaction.hash)).toEqual([hashOf(2)]);
    expect(reopened.marketSessions.transactionsOf('no-such-session')).toEqual([]);
    reopened.close();
  });

  it('exports sessions and transactions with exact amounts, and never the session key', () => {
    const dir = tempDir();
    const store = openStore(dir, { key });
    const input = sessionOn({ stake: huge });
    const session = store.marketSessions.create(input);
    store.marketSessions.update(session.id, { state: 'closed', sessionId: sessionIdOf(9), costWei: huge - 1n, refundWei: 10n ** 18n });
    store.marketSessions.recordTransaction({ hash: hashOf(5), chainId, sessionRef: session.id, kind: 'close', purpose: 'Close the session' });
    const result = exportData(store, path.join(dir, 'exports'));
    store.close();

    const text = fs.readFileSync(path.join(result.directory, 'hearth.json'), 'utf8');
    expect(text).not.toContain(input.sessionKey.slice(2));
    const json = JSON.parse(text);
    expect(json.providerSessions).toHaveLength(1);
    expect(json.providerSessions[0]).toMatchObject({ id: session.id, state: 'closed', sessionId: sessionIdOf(9), stake: huge.toString(), costWei: (huge - 1n).toString() });
    expect(json.providerSessions[0]).not.toHaveProperty('sessionKey');
    expect(json.marketTransactions).toEqual([expect.objectContaining({ hash: hashOf(5), sessionRef: session.id, kind: 'close', status: 'sent' })]);
    const markdown = fs.readFileSync(path.join(result.directory, 'provider-sessions.md'), 'utf8');
    expect(markdown).toContain(sessionIdOf(9));
    expect(markdown).toContain('refunded 1 MOR');
    expect(markdown).toContain(hashOf(5));
    expect(markdown).not.toContain(input.sessionKey.slice(2));
  });

  it('reads sessions back from a damaged file’s export, but never a session key or the agent key', () => {
    const dir = tempDir();
    const store = openStore(dir, { key });
    const input = sessionOn();
    const session = store.marketSessions.create(input);
    store.marketSessions.recordTransaction({ hash: hashOf(6), chainId, sessionRef: session.id, kind: 'open', purpose: 'Open a session' });
    const agent = createAgentKey(store.settings, { chainId, user });
    store.settings.set('calibration', { threads: 1 });
    store.close();
    const agentKey = (JSON.parse(readSetting(dir, 'wallet.agentKey')) as { privateKey: Hex }[])[0]!.privateKey;
    expect(privateKeyToAccount(agentKey).address).toBe(agent.address);

    const result = exportReadable(path.join(dir, databaseFileName), key, path.join(dir, 'exports'));
    const text = fs.readFileSync(path.join(result.directory, 'hearth-readable.json'), 'utf8');
    expect(text).not.toContain(input.sessionKey.slice(2));
    expect(text).not.toContain(agentKey.slice(2));
    const { tables } = JSON.parse(text);
    expect(tables.market_sessions.rows).toEqual([expect.objectContaining({ id: session.id, stake: input.stake.toString() })]);
    expect(tables.market_sessions.rows[0]).not.toHaveProperty('session_key');
    expect(tables.market_transactions.rows).toEqual([expect.objectContaining({ hash: hashOf(6), kind: 'open' })]);
    expect(tables.settings.rows.map((row: { key: string }) => row.key)).toContain('calibration');
  });
});

/** A setting's stored JSON, read straight from the encrypted file. */
function readSetting(dir: string, settingKey: string): string {
  const db = openReadOnly(path.join(dir, databaseFileName), key);
  try {
    return (db.prepare('SELECT value FROM settings WHERE key = ?').get(settingKey) as { value: string }).value;
  } finally {
    db.close();
  }
}

describe('a database written before provider sessions', () => {
  it('gains the session tables on opening, up to the current schema version, its conversations unchanged', () => {
    const dir = tempDir();
    const older = openStore(dir, { key });
    const conversation = older.conversations.create('Before sessions');
    // As the schema stood before this migration and those after it (the messages' route, private memories, the vector codes).
    older.db.exec('DROP TABLE market_transactions; DROP TABLE market_sessions; ALTER TABLE messages DROP COLUMN route; ALTER TABLE memory_facts DROP COLUMN private;');
    dropSinceVectorCodes(older.db);
    older.db.pragma(`user_version = ${schemaVersion - 3 - migrationsSinceVectorCodes}`);
    older.close();

    const upgraded = openStore(dir, { key });
    expect(upgraded.db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    expect(upgraded.conversations.get(conversation.id)).toEqual(conversation);
    const session = upgraded.marketSessions.create(sessionOn());
    expect(upgraded.marketSessions.list()).toEqual([session]);
    upgraded.close();
  });
});
