import type { GenerationSettings } from '../engine/protocol.ts';
import type { DownloadOptions } from '../models/download/download-model.ts';
import type { ScryptCost } from '../vault/kdf.ts';
import type { Keychain } from '../vault/keychain.ts';

/** What an entry point (serve, Electron, tests, benches) tells the core. */
export interface CoreConfig {
  mode: 'electron' | 'browser';
  /** Defaults to the platform's app-data folder. */
  dataDir?: string;
  /** Defaults to the model chosen last on the Models page, else the bundled demo model. */
  modelPath?: string;
  /** The model that embeds memories and documents; defaults to the demo model as a stand-in. */
  embeddingModelPath?: string;
  /** A catalogue file replacing the bundled models/catalog.json (HEARTH_CATALOG). */
  catalogPath?: string;
  /** Timeouts and retries of model downloads (tests shorten them). */
  downloadOptions?: DownloadOptions;
  threads?: number;
  contextSize?: number;
  generation?: Partial<GenerationSettings>;
  version?: string;
  /** The OS keychain (Electron's safeStorage); where it works, the data opens without a passphrase. */
  keychain?: Keychain;
  /** Creates or unlocks the data with this passphrase at start (HEARTH_PASSPHRASE, for running without a window). */
  passphrase?: string;
  /** Lower scrypt cost, for tests only. */
  kdfCost?: ScryptCost;
}
