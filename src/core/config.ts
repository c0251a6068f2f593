import type { LaunchWorker } from '../common/worker-process.ts';
import type { MarketChainConfig } from '../market/chain/config.ts';
import type { WalletSigner } from '../wallet/signer.ts';
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
  /** The Hugging Face hub's address, replacing https://huggingface.co (HEARTH_HUB_URL: a mirror, or a test's stand-in). */
  hubUrl?: string;
  /**
   * Tools of local MCP servers: `forceFirstCall` (HEARTH_FORCE_TOOL_CALL, for
   * tests and demos) has each local reply's first round call a tool, which the
   * demo model never does by itself; `callTimeoutMs` is how long a tool may
   * run (30 s unless set; tests shorten it).
   */
  tools?: { forceFirstCall?: boolean; callTimeoutMs?: number };
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
  /**
   * How Hearth's worker processes (inference, document reading) start: the
   * desktop app passes Electron's utility processes, since its fuses leave
   * child_process.fork no Node to run; forked by Node otherwise.
   */
  launchWorker?: LaunchWorker;
  /**
   * The Morpheus marketplace to ask providers on, and the wallet that signs
   * for the user (issue 12 connects the renderer's wallet here); without it
   * the market is off and chat stays local.
   */
  market?: {
    chain: MarketChainConfig;
    wallet?: WalletSigner;
    refreshMs?: number;
    pingTimeoutMs?: number;
    silenceMs?: number;
  };
  /** Lower scrypt cost, for tests only. */
  kdfCost?: ScryptCost;
  /** How often, while unlocked, the core checks whether today's backup is due (default hourly), and its clock; tests shorten and set them. */
  backups?: { checkEveryMs?: number; now?: () => Date };
}
