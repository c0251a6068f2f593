/**
 * The marketplace Hearth reads at start: the deployment file HEARTH_CHAIN_CONFIG
 * names, or the one `npm run chain` wrote into the data folder; none when
 * neither exists (chat stays local). Read only until a wallet is connected.
 */
import fs from 'node:fs';
import type { MarketChainConfig } from '../market/chain/config.ts';
import { chainConfigOf, defaultDeploymentPath, readDeployment } from '../market/devchain/deployment-file.ts';

export interface ConfiguredMarketChain {
  chain: MarketChainConfig | undefined;
  /** The file it came from, or was looked for in. */
  file: string;
}

export function configuredMarketChain(env: NodeJS.ProcessEnv, dataDir: string | undefined): ConfiguredMarketChain {
  const file = env.HEARTH_CHAIN_CONFIG ?? defaultDeploymentPath(dataDir);
  return { chain: fs.existsSync(file) ? chainConfigOf(readDeployment(file)) : undefined, file };
}
