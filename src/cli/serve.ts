/**
 * `npm run serve`: Hearth in the browser. Starts the core and serves the
 * built renderer plus the API on 127.0.0.1, behind a random token.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HearthError } from '../api/errors.ts';
import { createCore } from '../core/core.ts';
import { followWalletSources } from '../server/content-security-policy.ts';
import { startBrowserHost } from '../server/host.ts';
import { configuredMarketChain } from './market-chain.ts';
import { OptionsError, parseRuntimeOptions } from './runtime-options.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const staticDir = path.join(projectRoot, 'dist', 'renderer');

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const options = parseRuntimeOptions(process.argv.slice(2));
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    fail('The user interface is not built yet: run `npm run serve` (it builds it) or `npm run build:renderer` first.');
  }
  const { chain, file: deploymentFile } = configuredMarketChain(process.env, options.dataDir);
  const core = await createCore({
    mode: 'browser',
    version: process.env.npm_package_version ?? '0.0.0',
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.modelPath ? { modelPath: options.modelPath } : {}),
    ...(options.threads ? { threads: options.threads } : {}),
    ...(options.passphrase ? { passphrase: options.passphrase } : {}),
    ...(process.env.HEARTH_CATALOG ? { catalogPath: process.env.HEARTH_CATALOG } : {}),
    ...(process.env.HEARTH_HUB_URL ? { hubUrl: process.env.HEARTH_HUB_URL } : {}),
    ...(process.env.HEARTH_FORCE_TOOL_CALL === '1' ? { tools: { forceFirstCall: true } } : {}),
    ...(chain ? { market: { chain } } : {}),
  });
  // The page's policy opens to WalletConnect's relay while its project id is set; it is read before the first page.
  const walletSources = followWalletSources(core, chain?.rpcUrl);
  await walletSources.ready;
  const host = await startBrowserHost({ core, port: options.port, staticDir, walletSources: walletSources.current });
  process.stdout.write(`Hearth is running at ${host.url}\n`);
  process.stdout.write(`Data folder: ${core.dataDir}. Press Ctrl+C to stop.\n`);
  if (chain) process.stdout.write(`Marketplace: chain ${chain.chainId} at ${chain.rpcUrl}, from ${deploymentFile}.\n`);
  if (!options.passphrase) process.stdout.write('Your data is encrypted: the page asks for your passphrase (set HEARTH_PASSPHRASE to skip that).\n');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const status = await core.modelLoad;
  if (status.state === 'error' && status.error) {
    process.stderr.write(`The model could not be loaded: ${status.error.message} ${status.error.action}\n`);
  }
}

main().catch((error: unknown) => {
  if (error instanceof HearthError) fail(`${error.shortMessage} ${error.toPayload().action}${error.details ? `\n(${error.details})` : ''}`);
  if (error instanceof OptionsError) fail(error.message);
  throw error;
});
