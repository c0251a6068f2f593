import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Hex } from 'viem';
import { connectChainClient, type ChainClient } from '../../src/market/chain/client.ts';
import { deployDevMarket } from '../../src/market/devchain/deploy.ts';
import { chainConfigOf, writeDeployment, type Deployment } from '../../src/market/devchain/deployment-file.ts';
import { devAccount, devChainId, type DevRole } from '../../src/market/devchain/dev-accounts.ts';
import { startHardhatNode, type HardhatNode } from '../../src/market/devchain/hardhat-node.ts';
import { demoModelPath } from './models.ts';

export interface DevMarket {
  node: HardhatNode;
  rpcUrl: string;
  deployment: Deployment;
  /** The deployment as `npm run chain` writes it, in a temporary folder: what a provider process reads. */
  deploymentFile: string;
  /** Calls a Hardhat JSON-RPC method (evm_increaseTime, evm_mine, …). */
  rpc(method: string, params: unknown[]): Promise<unknown>;
  /** A chain client whose wallet is the dev account of that role. */
  as(role: DevRole): ChainClient;
  /** Moves the chain's clock to `timestamp` (seconds) and mines a block there. */
  mineAt(timestamp: bigint): Promise<void>;
  /** Mines a block `seconds` later than the latest one. */
  advance(seconds: bigint): Promise<void>;
  latestTimestamp(): Promise<bigint>;
  stop(): Promise<void>;
}

/** A dev account's private key, for a provider process started by a test. */
export const devPrivateKey = (role: DevRole): Hex => `0x${bytesToHex(devAccount(role, devChainId).getHdKey().privateKey!)}`;

/** A real Hardhat node on a free 127.0.0.1 port with the dev marketplace deployed, as `npm run chain` sets it up. */
export async function startDevMarket(): Promise<DevMarket> {
  const node = await startHardhatNode();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-market-'));
  const stop = async () => {
    await node.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const deployment = await deployDevMarket(node.rpcUrl, { name: 'stories260K', bytes: fs.readFileSync(demoModelPath), tags: ['llama'] });
    const deploymentFile = path.join(dir, 'dev-chain.json');
    writeDeployment(deploymentFile, deployment);
    const config = chainConfigOf(deployment);
    const clients = new Map<DevRole, ChainClient>();
    const rpc = async (method: string, params: unknown[]): Promise<unknown> => {
      const response = await fetch(node.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      });
      const body = (await response.json()) as { result?: unknown; error?: { message: string } };
      if (body.error) throw new Error(`${method}: ${body.error.message}`);
      return body.result;
    };
    const latestTimestamp = async () => BigInt(((await rpc('eth_getBlockByNumber', ['latest', false])) as { timestamp: Hex }).timestamp);
    const mineAt = async (timestamp: bigint) => { await rpc('evm_mine', [Number(timestamp)]); };
    return {
      node,
      rpcUrl: node.rpcUrl,
      deployment,
      deploymentFile,
      rpc,
      as(role) {
        let client = clients.get(role);
        if (!client) clients.set(role, (client = connectChainClient(config, devAccount(role, deployment.chainId))));
        return client;
      },
      mineAt,
      advance: async (seconds) => mineAt((await latestTimestamp()) + seconds),
      latestTimestamp,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
