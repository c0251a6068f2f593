import crypto from 'node:crypto';
import fs from 'node:fs';
import type { VaultStatus } from '../api/contract.ts';
import { HearthError } from '../api/errors.ts';
import { encryptPlainDatabase, rekeyDatabase } from '../store/encryption.ts';
import { databaseFileKind } from '../store/file-kind.ts';
import type { HearthDatabase } from '../store/open.ts';
import { defaultScryptCost, deriveKey, newScryptParams, type ScryptCost } from './kdf.ts';
import type { Keychain } from './keychain.ts';
import { readVaultFile, vaultPaths, writeVaultFile, type VaultFile } from './vault-file.ts';

export const MIN_PASSPHRASE_CHARS = 8;

export interface VaultOptions {
  dataDir: string;
  databaseFile: string;
  keychain?: Keychain;
  /** Lower scrypt cost for tests; users get the default. */
  kdfCost?: ScryptCost;
}

/** Opens the database with a key; throws VAULT_WRONG_KEY when the key does not open it. */
export type OpenWithKey<S> = (key: Buffer) => S;

/**
 * The key to the encrypted database: where it comes from (a passphrase
 * stretched by scrypt, or a random key kept by the OS keychain), creating
 * it, checking it, and changing it without losing data.
 */
export function createVault(options: VaultOptions) {
  const paths = vaultPaths(options.dataDir);
  const isPlain = () => databaseFileKind(options.databaseFile) === 'plain';
  const cost = options.kdfCost ?? defaultScryptCost;
  let key: Buffer | null = null;

  const keychain = () => (options.keychain?.isAvailable() ? options.keychain : undefined);

  async function keyFor(vault: VaultFile, passphrase: string | null): Promise<Buffer> {
    if (vault.protection === 'keychain') {
      const chain = keychain();
      if (!chain) throw new HearthError('VAULT_KEYCHAIN_UNAVAILABLE');
      return chain.unwrap(Buffer.from(vault.wrappedKey, 'base64'));
    }
    if (passphrase === null) throw new HearthError('VAULT_PASSPHRASE_REQUIRED');
    return deriveKey(passphrase, vault.kdf);
  }

  /**
   * Opens with the recorded key; if a key change was cut short, the new one may be the one that opens.
   * Where vault.json records a key but the database file is gone, `openMissing` is called instead of
   * `open` (it must not create the file); without it the unlock is refused.
   */
  async function openWith<S>(passphrase: string | null, open: OpenWithKey<S>, openMissing?: OpenWithKey<S>): Promise<S> {
    const current = readVaultFile(paths.current);
    const pending = readVaultFile(paths.pending);
    const candidates = [current, pending].filter((vault): vault is VaultFile => vault !== null);
    if (candidates.length === 0) throw new HearthError('VAULT_NOT_CREATED');
    const missing = current !== null && databaseFileKind(options.databaseFile) === 'missing';
    if (missing && !openMissing) throw new HearthError('DATABASE_MISSING', { details: `${options.databaseFile} does not exist` });
    if (current !== null) refuseUnusableDatabase(options.databaseFile);
    let lastError: unknown;
    for (const vault of candidates) {
      const candidateKey = await keyFor(vault, passphrase);
      // Only a creation cut short leaves a plain file behind a recorded key.
      if (current === null && isPlain()) encryptPlainDatabase(options.databaseFile, candidateKey);
      try {
        const opened = (missing && openMissing ? openMissing : open)(candidateKey);
        if (vault === pending) fs.renameSync(paths.pending, paths.current);
        else fs.rmSync(paths.pending, { force: true });
        key = candidateKey;
        return opened;
      } catch (error) {
        if (!(error instanceof HearthError && error.code === 'VAULT_WRONG_KEY')) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  /** Records how to get the key, encrypts data written before encryption existed, and opens the database. */
  async function createWith<S>(vault: VaultFile, newKey: Buffer, open: OpenWithKey<S>): Promise<S> {
    if (readVaultFile(paths.current) || readVaultFile(paths.pending)) throw new HearthError('VAULT_EXISTS');
    writeVaultFile(paths.pending, vault);
    if (isPlain()) encryptPlainDatabase(options.databaseFile, newKey);
    const opened = open(newKey);
    fs.renameSync(paths.pending, paths.current);
    key = newKey;
    return opened;
  }

  /**
   * Where a key is recorded, the database must look encrypted: SQLite
   * would take an empty file for a new database, and call a foreign one a
   * wrong passphrase. Only a creation cut short (no vault.json yet) may
   * leave an empty or plain file behind, or none (a missing file is
   * refused in openWith, where the key is known).
   */
  function refuseUnusableDatabase(file: string): void {
    const kind = databaseFileKind(file);
    if (kind === 'empty') throw new HearthError('DATABASE_EMPTY', { details: `${file} is 0 bytes` });
    if (kind === 'plain') throw new HearthError('DATABASE_INVALID', { details: `${file} is a plain SQLite database, not the encrypted one vault.json describes` });
    if (kind === 'foreign') throw new HearthError('DATABASE_INVALID', { details: `${file} is not a SQLite database` });
  }

  function checkPassphrase(passphrase: string): void {
    if (passphrase.length < MIN_PASSPHRASE_CHARS) throw new HearthError('VAULT_PASSPHRASE_TOO_SHORT');
  }

  return {
    /** `opened`: how the core found the database the key opened, or null while no key is held. */
    status(opened: 'unlocked' | 'damaged' | 'missing' | null): VaultStatus {
      const vault = readVaultFile(paths.current) ?? readVaultFile(paths.pending);
      return {
        state: opened ?? (vault ? 'locked' : 'new'),
        protection: vault?.protection ?? (keychain() ? 'keychain' : 'passphrase'),
        hasUnencryptedData: vault === null && isPlain(),
        minPassphraseChars: MIN_PASSPHRASE_CHARS,
      };
    },
    /** Whether the keychain can open (or create) the vault without asking the user anything. */
    canOpenWithoutPassphrase(): boolean {
      const vault = readVaultFile(paths.current) ?? readVaultFile(paths.pending);
      return keychain() !== undefined && (vault === null || vault.protection === 'keychain');
    },
    async create<S>(passphrase: string, open: OpenWithKey<S>): Promise<S> {
      checkPassphrase(passphrase);
      const kdf = newScryptParams(cost);
      return createWith({ version: 1, protection: 'passphrase', kdf }, await deriveKey(passphrase, kdf), open);
    },
    async createWithKeychain<S>(open: OpenWithKey<S>): Promise<S> {
      const chain = keychain();
      if (!chain) throw new HearthError('VAULT_KEYCHAIN_UNAVAILABLE');
      const newKey = crypto.randomBytes(32);
      return createWith({ version: 1, protection: 'keychain', wrappedKey: chain.wrap(newKey).toString('base64') }, newKey, open);
    },
    unlock<S>(passphrase: string | null, open: OpenWithKey<S>, openMissing?: OpenWithKey<S>): Promise<S> {
      return openWith(passphrase, open, openMissing);
    },
    /** Re-encrypts the open database under a key from the new passphrase. */
    async changePassphrase(db: HearthDatabase, current: string, next: string): Promise<void> {
      const vault = readVaultFile(paths.current);
      if (!vault || !key) throw new HearthError('VAULT_LOCKED');
      if (vault.protection !== 'passphrase') throw new HearthError('VAULT_KEYCHAIN_PROTECTED');
      const currentKey = await deriveKey(current, vault.kdf);
      if (!crypto.timingSafeEqual(currentKey, key)) throw new HearthError('VAULT_WRONG_KEY');
      checkPassphrase(next);
      const kdf = newScryptParams(cost);
      const nextKey = await deriveKey(next, kdf);
      writeVaultFile(paths.pending, { version: 1, protection: 'passphrase', kdf });
      rekeyDatabase(db, nextKey);
      fs.renameSync(paths.pending, paths.current);
      key = nextKey;
    },
    /** The key that opened the database (or, the file being missing, a backup): a backup is checked against it before it is restored. */
    key(): Buffer {
      if (!key) throw new HearthError('VAULT_LOCKED');
      return key;
    },
    forget(): void {
      key = null;
    },
  };
}

export type Vault = ReturnType<typeof createVault>;
