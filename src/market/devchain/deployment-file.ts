/**
 * The file `npm run chain` writes and the app and the provider read: where
 * the dev marketplace lives. Default: `dev-chain.json` in Hearth's data
 * folder (see README.md, "Data folder").
 */
import fs from 'node:fs';
import path from 'node:path';
import { isAddress, isHex, type Address, type Hex } from 'viem';
import { z } from 'zod';
import { HearthError } from '../../api/errors.ts';
import { defaultDataDir } from '../../common/data-dir.ts';
import type { MarketChainConfig } from '../chain/config.ts';

const address = z.string().refine((value) => isAddress(value), 'an address').transform((value) => value as Address);
const bytes32 = z.string().refine((value) => isHex(value) && value.length === 66, '32 bytes of hex').transform((value) => value as Hex);

const deploymentSchema = z.object({
  chainId: z.number().int().positive(),
  rpcUrl: z.string().url(),
  diamond: address,
  mor: address,
  model: z.object({ id: bytes32, name: z.string() }),
  accounts: z.record(z.string(), address),
  deployedAt: z.string(),
});

export type Deployment = z.infer<typeof deploymentSchema>;

export const deploymentFileName = 'dev-chain.json';

export function defaultDeploymentPath(dataDir = defaultDataDir()): string {
  return path.join(dataDir, deploymentFileName);
}

export function writeDeployment(file: string, deployment: Deployment): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, `${JSON.stringify(deployment, null, 2)}\n`);
  fs.renameSync(partial, file);
}

export function readDeployment(file: string): Deployment {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new HearthError('CHAIN_DEPLOYMENT_INVALID', { details: `${file}: ${(error as Error).message}`, cause: error });
  }
  const parsed = deploymentSchema.safeParse(raw);
  if (!parsed.success) throw new HearthError('CHAIN_DEPLOYMENT_INVALID', { details: `${file}: ${parsed.error.message}` });
  return parsed.data;
}

export function chainConfigOf(deployment: Deployment): MarketChainConfig {
  return { chainId: deployment.chainId, rpcUrl: deployment.rpcUrl, diamond: deployment.diamond, mor: deployment.mor };
}
