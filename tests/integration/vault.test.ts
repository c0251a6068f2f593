import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MethodResult } from '../../src/api/contract.ts';
import type { Core } from '../../src/core/core.ts';
import { openStore } from '../../src/store/store.ts';
import type { Keychain } from '../../src/vault/keychain.ts';
import { replyDone } from '../helpers/core-events.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { useTestCores } from '../helpers/test-cores.ts';

const tempDir = useTempDirs();
const { start, stop } = useTestCores();

const status = (core: Core) => core.call('vault.status', {}) as Promise<MethodResult<'vault.status'>>;

/** Every byte Hearth wrote to the data folder, WAL included. */
function bytesOnDisk(dataDir: string): Buffer {
  return Buffer.concat(
    fs.readdirSync(dataDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name))),
  );
}

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function chat(core: Core, text: string) {
  expect((await core.modelLoad).state).toBe('ready');
  const sent = (await core.call('chat.send', { conversationId: null, text })) as MethodResult<'chat.send'>;
  return replyDone(core, sent.assistantMessage.id);
}

describe('the encrypted vault', () => {
  it('refuses everything until a passphrase is chosen, then never writes the plaintext to disk', async () => {
    const dataDir = tempDir();
    const core = await start(dataDir);
    expect(await status(core)).toMatchObject({ state: 'new', protection: 'passphrase', hasUnencryptedData: false });
    await expect(core.call('conversations.list', {})).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await expect(core.call('vault.create', { passphrase: 'short' })).rejects.toMatchObject({ code: 'VAULT_PASSPHRASE_TOO_SHORT' });

    expect(await core.call('vault.create', { passphrase: 'a long enough passphrase' })).toMatchObject({ state: 'unlocked' });
    expect((await core.modelLoad).state).toBe('ready');
    const reply = await chat(core, 'Tell me about the zebrafinch quasar');
    expect(reply.status).toBe('complete');
    const replyWords = reply.content.match(/[A-Za-z]{6,}/g) ?? [];
    expect(replyWords.length).toBeGreaterThan(0);

    for (const moment of ['running', 'closed'] as const) {
      if (moment === 'closed') await stop(core);
      const disk = bytesOnDisk(dataDir);
      expect(disk.includes('zebrafinch'), `user text on disk while ${moment}`).toBe(false);
      for (const word of replyWords) expect(disk.includes(word), `reply word "${word}" on disk while ${moment}`).toBe(false);
    }
  });

  it('a wrong passphrase is refused with a sentence and leaves the file untouched; the right one opens it', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir, { passphrase: 'the right passphrase' });
    await chat(first, 'Remember the lighthouse');
    await stop(first);
    const database = path.join(dataDir, 'hearth.db');
    const before = sha256(database);

    const core = await start(dataDir);
    expect(await status(core)).toMatchObject({ state: 'locked' });
    await expect(core.call('vault.unlock', { passphrase: 'the wrong passphrase' })).rejects.toMatchObject({
      code: 'VAULT_WRONG_KEY',
      shortMessage: 'That passphrase does not open your Hearth data.',
    });
    expect(sha256(database)).toBe(before);
    expect(await status(core)).toMatchObject({ state: 'locked' });

    expect(await core.call('vault.unlock', { passphrase: 'the right passphrase' })).toMatchObject({ state: 'unlocked' });
    const [conversation] = (await core.call('conversations.list', {})) as MethodResult<'conversations.list'>;
    expect(conversation?.title).toContain('lighthouse');
  });

  it('changes the passphrase by re-encrypting, and keeps every message', async () => {
    const dataDir = tempDir();
    const core = await start(dataDir, { passphrase: 'old passphrase here' });
    await chat(core, 'Remember the orchard');
    await expect(core.call('vault.changePassphrase', { current: 'not the old one', next: 'new passphrase here' })).rejects.toMatchObject({
      code: 'VAULT_WRONG_KEY',
    });
    await expect(core.call('vault.changePassphrase', { current: 'old passphrase here', next: 'tiny' })).rejects.toMatchObject({
      code: 'VAULT_PASSPHRASE_TOO_SHORT',
    });
    await core.call('vault.changePassphrase', { current: 'old passphrase here', next: 'new passphrase here' });
    await stop(core);

    await expect(start(dataDir, { passphrase: 'old passphrase here' })).rejects.toMatchObject({ code: 'VAULT_WRONG_KEY' });
    const reopened = await start(dataDir, { passphrase: 'new passphrase here' });
    const [conversation] = (await reopened.call('conversations.list', {})) as MethodResult<'conversations.list'>;
    const { messages } = (await reopened.call('conversations.get', { id: conversation!.id })) as MethodResult<'conversations.get'>;
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(fs.existsSync(path.join(dataDir, 'vault.next.json'))).toBe(false);
  });

  it('encrypts conversations written before encryption existed, keeping them', async () => {
    const dataDir = tempDir();
    const plain = openStore(dataDir);
    const conversation = plain.conversations.create('Notes about the walrus');
    plain.messages.insert({ conversationId: conversation.id, role: 'user', content: 'walrus secrets', status: 'complete' });
    plain.close();
    expect(bytesOnDisk(dataDir).includes('walrus')).toBe(true);

    const core = await start(dataDir);
    expect(await status(core)).toMatchObject({ state: 'new', hasUnencryptedData: true });
    await core.call('vault.create', { passphrase: 'protect the walrus' });
    const [listed] = (await core.call('conversations.list', {})) as MethodResult<'conversations.list'>;
    expect(listed).toMatchObject({ title: 'Notes about the walrus', preview: 'walrus secrets' });
    await stop(core);
    expect(bytesOnDisk(dataDir).includes('walrus')).toBe(false);
  });

  it('opens with the key a cut-short passphrase change had already applied', async () => {
    const dataDir = tempDir();
    const core = await start(dataDir, { passphrase: 'before the change' });
    await chat(core, 'Remember the comet');
    await stop(core);
    // What a crash between re-encrypting and recording the new parameters leaves: the new key in use, its record pending.
    const vaultFile = path.join(dataDir, 'vault.json');
    const original = fs.readFileSync(vaultFile, 'utf8');
    const changing = await start(dataDir, { passphrase: 'before the change' });
    await changing.call('vault.changePassphrase', { current: 'before the change', next: 'after the change' });
    await stop(changing);
    fs.renameSync(vaultFile, path.join(dataDir, 'vault.next.json'));
    fs.writeFileSync(vaultFile, original);

    const reopened = await start(dataDir);
    await expect(reopened.call('vault.unlock', { passphrase: 'before the change' })).rejects.toMatchObject({ code: 'VAULT_WRONG_KEY' });
    await reopened.call('vault.unlock', { passphrase: 'after the change' });
    expect(await reopened.call('conversations.list', {})).toHaveLength(1);
    expect(fs.existsSync(path.join(dataDir, 'vault.next.json'))).toBe(false);
  });

  it('with the OS keychain, opens without asking, and the key on disk is only the wrapped one', async () => {
    // The OS keychain (Electron's safeStorage) cannot exist under plain Node: this double wraps with a key of its own.
    const keychainKey = crypto.randomBytes(32);
    const fakeKeychainForTests: Keychain = {
      isAvailable: () => true,
      wrap(secret) {
        const iv = crypto.randomBytes(12);
        const cipher = crypto.createCipheriv('aes-256-gcm', keychainKey, iv);
        return Buffer.concat([iv, cipher.update(secret), cipher.final(), cipher.getAuthTag()]);
      },
      unwrap(wrapped) {
        const decipher = crypto.createDecipheriv('aes-256-gcm', keychainKey, wrapped.subarray(0, 12));
        decipher.setAuthTag(wrapped.subarray(-16));
        return Buffer.concat([decipher.update(wrapped.subarray(12, -16)), decipher.final()]);
      },
    };
    const dataDir = tempDir();
    const core = await start(dataDir, { keychain: fakeKeychainForTests });
    expect(await status(core)).toMatchObject({ state: 'unlocked', protection: 'keychain' });
    await chat(core, 'Remember the harbour');
    await expect(core.call('vault.changePassphrase', { current: 'whatever it is', next: 'something else' })).rejects.toMatchObject({
      code: 'VAULT_KEYCHAIN_PROTECTED',
    });
    await stop(core);

    const reopened = await start(dataDir, { keychain: fakeKeychainForTests });
    expect(await reopened.call('conversations.list', {})).toHaveLength(1);
    await stop(reopened);
    const unavailable = { ...fakeKeychainForTests, isAvailable: () => false };
    await expect(start(dataDir, { keychain: unavailable, passphrase: 'any passphrase' })).rejects.toMatchObject({
      code: 'VAULT_KEYCHAIN_UNAVAILABLE',
    });
  });

  it('holds the data folder while locked, and says so when the vault file is damaged', async () => {
    const dataDir = tempDir();
    await start(dataDir);
    await expect(start(dataDir)).rejects.toMatchObject({ code: 'DATA_DIR_LOCKED' });

    const damaged = tempDir();
    fs.writeFileSync(path.join(damaged, 'vault.json'), '{ "version": 1, "protection": "passphrase"');
    await expect(start(damaged, { passphrase: 'any passphrase' })).rejects.toMatchObject({ code: 'VAULT_FILE_INVALID' });
  });
});
