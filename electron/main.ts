/**
 * Electron's main process: a thin adapter. It starts the core (which owns
 * the database and the inference worker), opens one locked-down window and
 * connects the two over IPC. No Hearth logic lives here.
 */
import path from 'node:path';
import { app, dialog, session, type BrowserWindow } from 'electron';
import { toErrorPayload } from '../src/api/errors.ts';
import { configuredMarketChain } from '../src/cli/market-chain.ts';
import { parseRuntimeOptions, type RuntimeOptions } from '../src/cli/runtime-options.ts';
import { createCore, type Core } from '../src/core/core.ts';
import type { MarketChainConfig } from '../src/market/chain/config.ts';
import { followWalletSources } from '../src/server/content-security-policy.ts';
import { registerPageScheme, servePage } from './app-protocol.ts';
import { bridgeCore } from './bridge.ts';
import { safeStorageKeychain } from './keychain.ts';
import { hearthArgs } from './options.ts';
import { contentSecurityPolicy, guardContents, hardenSession } from './security.ts';
import { utilityWorker } from './utility-worker.ts';
import { createMainWindow } from './window.ts';

/** A native dialog with the reason in words, then exit: nothing else can be shown without a core. */
function failToStart(error: unknown): void {
  const payload = toErrorPayload(error);
  const text = [payload.message, payload.action, payload.details].filter((part) => part !== undefined).join('\n\n');
  dialog.showErrorBox('Hearth could not start', text);
  app.exit(1);
}

/** Closes the core (finishing its writes, stopping the worker) before the app exits. */
function closeCoreOnQuit(core: Core): void {
  let closed = false;
  let closing = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    if (closing) return;
    closing = true;
    core
      .close()
      .catch((error: unknown) => console.error('Hearth: closing the core failed', error))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}

function focus(window: BrowserWindow): void {
  if (window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

async function start(): Promise<void> {
  await app.whenReady();
  let options: RuntimeOptions;
  try {
    options = parseRuntimeOptions(hearthArgs(process.argv), process.env);
  } catch (error) {
    dialog.showErrorBox('Hearth could not start', error instanceof Error ? error.message : String(error));
    app.exit(2);
    return;
  }
  const dataDir = options.dataDir ?? app.getPath('userData');
  let chain: MarketChainConfig | undefined;
  try {
    chain = configuredMarketChain(process.env, dataDir).chain;
  } catch (error) {
    failToStart(error);
    return;
  }
  let core: Core;
  try {
    core = await createCore({
      mode: 'electron',
      dataDir,
      ...(options.modelPath === undefined ? {} : { modelPath: options.modelPath }),
      ...(options.threads === undefined ? {} : { threads: options.threads }),
      ...(process.env.HEARTH_CATALOG ? { catalogPath: process.env.HEARTH_CATALOG } : {}),
      ...(process.env.HEARTH_HUB_URL ? { hubUrl: process.env.HEARTH_HUB_URL } : {}),
      ...(options.passphrase === undefined ? {} : { passphrase: options.passphrase }),
      ...(chain ? { market: { chain } } : {}),
      keychain: safeStorageKeychain,
      launchWorker: utilityWorker,
      version: app.getVersion(),
    });
  } catch (error) {
    failToStart(error);
    return;
  }
  closeCoreOnQuit(core);

  // The window's policy opens to WalletConnect's relay while its project id is set; it is read before the page loads.
  const walletSources = followWalletSources(core, chain?.rpcUrl);
  await walletSources.ready;
  hardenSession(session.defaultSession, walletSources.current);
  servePage(session.defaultSession, () => contentSecurityPolicy(walletSources.current()));

  const window = createMainWindow();
  bridgeCore(core, window);
  app.on('second-instance', () => focus(window));
  // One window is the whole app: closing it quits, on macOS too, so the core never runs unseen.
  app.on('window-all-closed', () => app.quit());
}

// The same folder in development and when packaged (Electron would otherwise
// name it after package.json's "name", lowercase, while the packaged app uses
// the product name). Set before anything reads it, the single-instance lock included.
app.setPath('userData', path.join(app.getPath('appData'), 'Hearth'));

// hearth://app must be known as a standard, secure scheme before the app is ready.
registerPageScheme();

// Every web contents gets the guards, including any a page might manage to create.
app.on('web-contents-created', (_event, contents) => guardContents(contents));

// A second launch focuses the running window instead of fighting over the data folder.
if (app.requestSingleInstanceLock()) {
  start().catch(failToStart);
} else {
  app.quit();
}
