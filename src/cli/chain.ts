/**
 * `npm run chain`: the local dev chain for the compute marketplace. Starts a
 * Hardhat node on 127.0.0.1 (chain id 31337), deploys MOR and Hearth's
 * marketplace contract, gives the dev accounts MOR, registers the demo model,
 * writes the addresses to a JSON file the app and the provider read, and runs
 * until Ctrl+C.
 *
 *   --port N         the node's port (default 8545; 0 = any free one)
 *   --out PATH       the deployment file (default: dev-chain.json in the data folder)
 *   --data-dir PATH  Hearth's data folder (default as in README.md; HEARTH_DATA_DIR)
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { formatEther } from 'viem';
import { HearthError } from '../api/errors.ts';
import { defaultDataDir } from '../common/data-dir.ts';
import { bundledModelPath } from '../models/bundled.ts';
import { deployDevMarket, devMarketSettings } from '../market/devchain/deploy.ts';
import { defaultDeploymentPath, writeDeployment } from '../market/devchain/deployment-file.ts';
import { startHardhatNode } from '../market/devchain/hardhat-node.ts';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function options() {
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      options: { port: { type: 'string' }, out: { type: 'string' }, 'data-dir': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    const port = Number(values.port ?? 8545);
    if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`The port must be a whole number from 0 to 65535, not "${values.port}".`);
    const dataDir = values['data-dir'] ?? process.env.HEARTH_DATA_DIR ?? defaultDataDir();
    return { port, out: values.out ?? defaultDeploymentPath(dataDir) };
  } catch (error) {
    fail(`${(error as Error).message}. Known options: --port N, --out PATH, --data-dir PATH.`);
  }
}

async function main(): Promise<void> {
  const { port, out } = options();
  const node = await startHardhatNode({ port });
  const stop = async () => {
    await node.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  try {
    const modelPath = bundledModelPath();
    const deployment = await deployDevMarket(node.rpcUrl, {
      name: 'stories260K',
      bytes: fs.readFileSync(modelPath),
      tags: ['llama', 'demo'],
    });
    writeDeployment(out, deployment);
    const lines = [
      `Dev chain running at ${node.rpcUrl} (chain id ${deployment.chainId}).`,
      `  MOR:          ${deployment.mor}`,
      `  Marketplace:  ${deployment.diamond}`,
      `  Model:        ${deployment.model.name} ${deployment.model.id}`,
      ...Object.entries(deployment.accounts).map(([role, address]) => `  ${`${role}:`.padEnd(14)}${address}`),
      `Each dev account holds ${formatEther(devMarketSettings.morPerAccount)} MOR and Hardhat's 10000 ETH; their keys are Hardhat's public test keys.`,
      `Deployment written to ${out}`,
      'Press Ctrl+C to stop (the chain is not kept).',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (error) {
    await node.stop();
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof HearthError) fail(`${error.shortMessage} ${error.toPayload().action}${error.details ? `\n(${error.details})` : ''}`);
  fail(error instanceof Error ? error.message : String(error));
});
