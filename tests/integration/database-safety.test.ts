import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MethodResult } from '../../src/api/contract.ts';
import { logFilePath } from '../../src/log/file-logger.ts';
import { backupIfDueInBackground, backupsKept, listBackups, makeBackup } from '../../src/store/backups.ts';
import { openReadOnly } from '../../src/store/open.ts';
import { databaseFileName, openStore } from '../../src/store/store.ts';
import { ageBackups, damageTablePage, dataKey } from '../helpers/damaged-data.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { useTestCores } from '../helpers/test-cores.ts';
import { testPassphrase } from '../helpers/vault.ts';

const tempDir = useTempDirs();
const { start, stop } = useTestCores({ passphrase: testPassphrase });

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const databaseFile = (dataDir: string) => path.join(dataDir, databaseFileName);

const titles = ['Planning the allotment', 'Letters to grandmother', 'Bicycle repairs'];

/** Three conversations of 60 messages each: the messages table spans many pages. */
function fill(dataDir: string, key: Buffer): void {
  const store = openStore(dataDir, { key });
  for (const title of titles) {
    const conversation = store.conversations.create(title);
    for (let i = 0; i < 60; i++) {
      const content = `${title}, note ${i}: ${'the quick brown fox jumps over the lazy dog '.repeat(30)}`;
      store.messages.insert({ conversationId: conversation.id, role: i % 2 ? 'assistant' : 'user', content, status: 'complete' });
    }
  }
  store.close();
}

/** Two days of use: yesterday's backup holds nothing yet, today's holds the three conversations. */
async function dataWithBackups(): Promise<{ dataDir: string; key: Buffer }> {
  const dataDir = tempDir();
  await stop(await start(dataDir));
  const key = await dataKey(dataDir, testPassphrase);
  fill(dataDir, key);
  ageBackups(dataDir);
  await stop(await start(dataDir));
  return { dataDir, key };
}

/** Two days of use, then a page of the messages table is damaged. */
async function damagedDataWithBackups(): Promise<{ dataDir: string; key: Buffer }> {
  const data = await dataWithBackups();
  damageTablePage(data.dataDir, data.key, 'messages');
  return data;
}

describe('the database at start', () => {
  it('finds a damaged page when unlocking, says so, and opens a backup while the damaged file is kept aside', async () => {
    const { dataDir } = await damagedDataWithBackups();
    const damagedBytes = sha256(databaseFile(dataDir));

    const core = await start(dataDir, {});
    expect(await core.call('vault.unlock', { passphrase: testPassphrase })).toMatchObject({ state: 'damaged' });
    expect(await core.call('vault.status', {})).toMatchObject({ state: 'damaged' });
    await expect(core.call('conversations.list', {})).rejects.toMatchObject({
      code: 'DATABASE_DAMAGED',
      shortMessage: 'Your Hearth data file is damaged.',
    });

    const backups = (await core.call('data.backups', {})) as MethodResult<'data.backups'>;
    expect(backups).toHaveLength(2);
    expect(backups[0]!.createdAt).toBeGreaterThan(backups[1]!.createdAt);
    expect(await core.call('data.restoreBackup', { id: backups[0]!.id })).toMatchObject({ state: 'unlocked' });
    const listed = (await core.call('conversations.list', {})) as MethodResult<'conversations.list'>;
    expect(listed.map((conversation) => conversation.title).sort()).toEqual([...titles].sort());
    const { messages } = (await core.call('conversations.get', { id: listed[0]!.id })) as MethodResult<'conversations.get'>;
    expect(messages).toHaveLength(60);

    const aside = fs.readdirSync(dataDir).filter((name) => name.startsWith('hearth.db.damaged-'));
    expect(aside).toHaveLength(1);
    expect(sha256(path.join(dataDir, aside[0]!))).toBe(damagedBytes);

    // Deleting everything means the backups and the damaged file too.
    await core.call('data.wipe', { confirm: 'wipe' });
    expect(fs.readdirSync(dataDir).filter((name) => name.startsWith('hearth.db') || name === 'backups')).toEqual([]);
  });

  it('exports what a damaged file still holds, table by table, without changing the file', async () => {
    const { dataDir } = await damagedDataWithBackups();
    const damagedBytes = sha256(databaseFile(dataDir));
    const core = await start(dataDir);
    expect(await core.call('vault.status', {})).toMatchObject({ state: 'damaged' });

    const result = (await core.call('data.exportReadable', {})) as MethodResult<'data.exportReadable'>;
    expect(path.dirname(result.directory)).toBe(path.join(dataDir, 'exports'));
    const tables = Object.fromEntries(result.tables.map((table) => [table.name, table]));
    expect(tables.conversations).toEqual({ name: 'conversations', rows: 3, complete: true });
    expect(tables.messages!.complete).toBe(false);
    expect(tables.messages!.rows).toBeGreaterThan(120);
    expect(tables.messages!.rows).toBeLessThan(180);

    const json = JSON.parse(fs.readFileSync(path.join(result.directory, 'hearth-readable.json'), 'utf8'));
    expect(json.tables.messages.rows).toHaveLength(tables.messages!.rows);
    expect(json.tables.messages.rows.at(-1).content).toContain('Bicycle repairs, note 59');
    const markdown = fs.readFileSync(path.join(result.directory, 'conversations.md'), 'utf8');
    for (const title of titles) expect(markdown).toContain(`## ${title}`);
    expect(sha256(databaseFile(dataDir))).toBe(damagedBytes);
  });

  it('refuses an empty data file with a sentence instead of starting over, and leaves it as it is', async () => {
    const dataDir = tempDir();
    await stop(await start(dataDir));
    fs.truncateSync(databaseFile(dataDir), 0);

    await expect(start(dataDir)).rejects.toMatchObject({ code: 'DATABASE_EMPTY' });
    const core = await start(dataDir, {});
    await expect(core.call('vault.unlock', { passphrase: testPassphrase })).rejects.toMatchObject({
      code: 'DATABASE_EMPTY',
      shortMessage: 'Your Hearth data file (hearth.db) is empty, where your encrypted data should be.',
    });
    expect(await core.call('vault.status', {})).toMatchObject({ state: 'locked' });
    expect(fs.statSync(databaseFile(dataDir)).size).toBe(0);
  });

  it('finds the data file missing, starts nothing new in its place, and opens a backup that the passphrase opens', async () => {
    // Today's start backed up the three conversations; then hearth.db is gone from the folder.
    const { dataDir } = await dataWithBackups();
    fs.rmSync(databaseFile(dataDir));

    const core = await start(dataDir, {});
    await expect(core.call('vault.unlock', { passphrase: 'not the passphrase at all' })).rejects.toMatchObject({ code: 'DATABASE_MISSING' });
    expect(await core.call('vault.status', {})).toMatchObject({ state: 'locked' });
    expect(await core.call('vault.unlock', { passphrase: testPassphrase })).toMatchObject({ state: 'missing' });
    expect(fs.existsSync(databaseFile(dataDir))).toBe(false);
    await expect(core.call('conversations.list', {})).rejects.toMatchObject({
      code: 'DATABASE_MISSING',
      shortMessage: 'Your Hearth data file (hearth.db) is missing from the data folder.',
    });

    const backups = (await core.call('data.backups', {})) as MethodResult<'data.backups'>;
    expect(backups).toHaveLength(2);
    expect(await core.call('data.restoreBackup', { id: backups[0]!.id })).toMatchObject({ state: 'unlocked' });
    const listed = (await core.call('conversations.list', {})) as MethodResult<'conversations.list'>;
    expect(listed.map((conversation) => conversation.title).sort()).toEqual([...titles].sort());
  });

  it('refuses a missing data file when there is no backup to open, and creates nothing in its place', async () => {
    const dataDir = tempDir();
    await stop(await start(dataDir));
    fs.rmSync(databaseFile(dataDir));
    fs.rmSync(path.join(dataDir, 'backups'), { recursive: true });

    await expect(start(dataDir)).rejects.toMatchObject({ code: 'DATABASE_MISSING' });
    const core = await start(dataDir, {});
    await expect(core.call('vault.unlock', { passphrase: testPassphrase })).rejects.toMatchObject({
      code: 'DATABASE_MISSING',
      shortMessage: 'Your Hearth data file (hearth.db) is missing from the data folder.',
      action: expect.stringContaining('put hearth.db back'),
    });
    expect(await core.call('vault.status', {})).toMatchObject({ state: 'locked' });
    expect(fs.existsSync(databaseFile(dataDir))).toBe(false);
  });

  it('refuses a text file or a plain SQLite file where the encrypted data should be, not as a wrong passphrase', async () => {
    const dataDir = tempDir();
    await stop(await start(dataDir));
    const plain = tempDir();
    openStore(plain).close();

    for (const foreign of [Buffer.from('My shopping list: eggs, flour, milk.\n'.repeat(300)), Buffer.from('x'.repeat(4096)), fs.readFileSync(databaseFile(plain))]) {
      fs.writeFileSync(databaseFile(dataDir), foreign);
      const core = await start(dataDir, {});
      await expect(core.call('vault.unlock', { passphrase: testPassphrase })).rejects.toMatchObject({
        code: 'DATABASE_INVALID',
        shortMessage: 'The data file is not a Hearth database.',
      });
      await stop(core);
      expect(fs.readFileSync(databaseFile(dataDir)).equals(foreign)).toBe(true);
    }
  });
});

describe('backups', () => {
  it('are encrypted with the data\u2019s key: the copy opens with it and not without it', async () => {
    const dataDir = tempDir();
    const key = crypto.randomBytes(32);
    const store = openStore(dataDir, { key });
    store.conversations.create('The walrus diaries');
    const backup = makeBackup(store.db, dataDir);
    store.close();

    const file = path.join(dataDir, 'backups', backup.id);
    expect(fs.readFileSync(file).includes('walrus')).toBe(false);
    expect(() => openReadOnly(file, undefined).prepare('SELECT title FROM conversations').all()).toThrow(/not a database/);
    const copy = openReadOnly(file, key);
    expect(copy.prepare('SELECT title FROM conversations').pluck().all()).toEqual(['The walrus diaries']);
    copy.close();
  });

  it('are made at most once a day, and the last three are kept', async () => {
    const dataDir = tempDir();
    const key = crypto.randomBytes(32);
    const store = openStore(dataDir, { key });
    const day = (n: number, hour = 9) => new Date(Date.UTC(2026, 11, n, hour));
    const backupIfDue = (now: Date) => backupIfDueInBackground(databaseFile(dataDir), key, dataDir, now, new AbortController().signal);
    expect(await backupIfDue(day(1))).not.toBeNull();
    expect(await backupIfDue(day(1, 18))).toBeNull();
    for (const n of [2, 3, 4, 5]) expect(await backupIfDue(day(n))).not.toBeNull();
    store.close();
    expect(listBackups(dataDir).map((backup) => backup.createdAt)).toEqual([day(5), day(4), day(3)].map((date) => date.getTime()));
    expect(backupsKept).toBe(3);
  });

  it('are made at unlock, and after a passphrase change only a copy under the new key is left', async () => {
    const dataDir = tempDir();
    const core = await start(dataDir);
    const [first] = (await core.call('data.backups', {})) as MethodResult<'data.backups'>;
    expect(first).toBeDefined();
    ageBackups(dataDir);

    await core.call('vault.changePassphrase', { current: testPassphrase, next: 'a brand new passphrase' });
    const backups = (await core.call('data.backups', {})) as MethodResult<'data.backups'>;
    expect(backups).toHaveLength(1);
    await stop(core);

    const reopened = await start(dataDir, { passphrase: 'a brand new passphrase' });
    expect(await reopened.call('data.restoreBackup', { id: backups[0]!.id })).toMatchObject({ state: 'unlocked' });
    expect(fs.readdirSync(dataDir).filter((name) => name.startsWith('hearth.db.replaced-'))).toHaveLength(1);
  });
});

describe('backups of a large library', () => {
  /** About 85 MB of messages: the copy takes a second or more here, far longer than an unlock. */
  function fillLarge(dataDir: string, key: Buffer): void {
    const store = openStore(dataDir, { key });
    const conversation = store.conversations.create('A long correspondence');
    // Long words: little for the full-text index to do, much for the copy.
    const letter = `${'ox'.repeat(700)} ${'fox'.repeat(500)}`;
    store.db.transaction(() => {
      for (let i = 0; i < 20_000; i++) store.messages.insert({ conversationId: conversation.id, role: i % 2 ? 'assistant' : 'user', content: `${i}: ${letter}`, status: 'complete' });
    })();
    store.close();
  }

  it('are copied beside the app: unlocking does not wait for the copy, and a wipe during it leaves nothing behind', async () => {
    const dataDir = tempDir();
    await stop(await start(dataDir));
    fillLarge(dataDir, await dataKey(dataDir, testPassphrase));
    ageBackups(dataDir);
    const today = () => listBackups(dataDir).filter((backup) => new Date(backup.createdAt).toDateString() === new Date().toDateString());

    const core = await start(dataDir);
    expect(await core.call('vault.status', {})).toMatchObject({ state: 'unlocked' });
    // Unlocked, and answering, while today's copy is still being written.
    expect(today()).toEqual([]);
    expect(await core.call('conversations.list', {})).toHaveLength(1);
    expect(today()).toEqual([]);
    // The list waits for the copy under way.
    const listed = (await core.call('data.backups', {})) as MethodResult<'data.backups'>;
    expect(listed.map((backup) => backup.id)).toContain(today()[0]!.id);
    await stop(core);

    // Tomorrow's copy, cut short by deleting everything: no copy or partial file is left.
    ageBackups(dataDir);
    const again = await start(dataDir);
    expect(today()).toEqual([]);
    await again.call('data.wipe', { confirm: 'wipe' });
    expect(fs.existsSync(path.join(dataDir, 'backups'))).toBe(false);
    // Nor later: the stopped copy renames nothing into place once it is gone.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fs.existsSync(path.join(dataDir, 'backups'))).toBe(false);
  });
});

describe('backups while Hearth stays open', () => {
  it('makes the next day\u2019s backup without a new unlock, and logs a backup that fails with its stack', async () => {
    const dataDir = tempDir();
    let today = new Date(Date.UTC(2026, 11, 1, 9));
    const core = await start(dataDir, { passphrase: testPassphrase, backups: { checkEveryMs: 20, now: () => today } });
    const days = async () => ((await core.call('data.backups', {})) as MethodResult<'data.backups'>).map((backup) => new Date(backup.createdAt).toISOString().slice(0, 10));
    expect(await days()).toEqual(['2026-12-01']);

    today = new Date(Date.UTC(2026, 11, 2, 9));
    await expect.poll(days, { timeout: 10_000 }).toEqual(['2026-12-02', '2026-12-01']);

    // A file where the backups folder belongs: the next day's backup fails, and the log keeps why.
    fs.rmSync(path.join(dataDir, 'backups'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'backups'), '');
    today = new Date(Date.UTC(2026, 11, 3, 9));
    const failure = () => fs.readFileSync(logFilePath(dataDir), 'utf8').split('\n').find((line) => line.includes('"event":"backup-failed"'));
    await expect.poll(failure, { timeout: 10_000 }).toBeDefined();
    expect(JSON.parse(failure()!)).toMatchObject({ level: 'error', area: 'store', error: { stack: expect.stringMatching(/backups\.ts:\d+:\d+/) } });
  });
});

describe.skipIf(process.platform === 'win32')('file modes', () => {
  it('keeps the data folder 0700 and the database, its WAL, the vault file and backups 0600, even in a folder made readable before', async () => {
    const dataDir = tempDir();
    fs.chmodSync(dataDir, 0o755);
    const core = await start(dataDir);
    const mode = (file: string) => fs.statSync(path.join(dataDir, file)).mode & 0o777;
    expect(mode('.')).toBe(0o700);
    for (const file of ['hearth.db', 'hearth.db-wal', 'hearth.db-shm', 'vault.json']) expect(mode(file), file).toBe(0o600);
    const [backup] = (await core.call('data.backups', {})) as MethodResult<'data.backups'>;
    expect(mode('backups')).toBe(0o700);
    expect(mode(path.join('backups', backup!.id))).toBe(0o600);
  });
});
