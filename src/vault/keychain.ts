/**
 * The operating system's keychain, as the Electron shell offers it
 * (safeStorage): it wraps the database key so that only this user, on this
 * machine, can unwrap it. The core never imports Electron; it gets this.
 */
export interface Keychain {
  /** False where no real keychain exists (e.g. Linux without a secret service): Hearth asks for a passphrase instead. */
  isAvailable(): boolean;
  wrap(secret: Buffer): Buffer;
  unwrap(wrapped: Buffer): Buffer;
}
