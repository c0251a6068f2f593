/**
 * The database key kept by the OS keychain through safeStorage (Keychain
 * on macOS, DPAPI on Windows, the secret service on Linux). Call only
 * after the app is ready.
 */
import { safeStorage } from 'electron';
import type { Keychain } from '../src/vault/keychain.ts';

export const safeStorageKeychain: Keychain = {
  // Linux without a secret service falls back to a hard-coded password ("basic_text"):
  // that protects nothing, so Hearth asks for a passphrase instead.
  isAvailable: () =>
    safeStorage.isEncryptionAvailable() &&
    !(process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'),
  wrap: (secret) => safeStorage.encryptString(secret.toString('base64')),
  unwrap: (wrapped) => Buffer.from(safeStorage.decryptString(wrapped), 'base64'),
};
