/**
 * `npm run provider`: a reference compute provider. Serves MOR-RPC (on
 * 127.0.0.1 unless --host says otherwise) from Hearth's inference worker
 * (or an OpenAI-compatible server), registers itself and posts a bid;
 * `claim SESSION_ID…` collects its earnings. Says on stderr which endpoint
 * it registered and who can reach it, and prints one JSON line when ready.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { privateKeyToAccount } from 'viem/accounts';
import { HearthError } from '../api/errors.ts';
import { connectChainClient } from '../market/chain/client.ts';
import { chainConfigOf, readDeployment } from '../market/devchain/deployment-file.ts';
import { devAccount } from '../market/devchain/dev-accounts.ts';
import type { Hex } from '../market/morrpc/messages.ts';
import { describeRegisteredEndpoint } from '../provider/endpoint-check.ts';
import { providerChainOf } from '../provider/market-chain.ts';
import { startProvider } from '../provider/start-provider.ts';
import { parseProviderOptions } from './provider-options.ts';
import { OptionsError } from './runtime-options.ts';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** Hardhat's public provider key; devAccount refuses it on any chain but the dev chain. */
function devProviderKey(chainId: number): Hex {
  const key = devAccount('provider', chainId).getHdKey().privateKey;
  if (!key) throw new OptionsError('The dev provider account has no key.');
  process.stderr.write('No HEARTH_PROVIDER_KEY: using the dev chain\u2019s public provider account.\n');
  return `0x${bytesToHex(key)}`;
}

async function main(): Promise<void> {
  const options = parseProviderOptions(process.argv.slice(2));
  const deployment = readDeployment(options.chainConfigPath);
  const config = { ...chainConfigOf(deployment), ...(options.rpcUrl ? { rpcUrl: options.rpcUrl } : {}) };
  const privateKey = options.privateKey ?? devProviderKey(deployment.chainId);
  const client = connectChainClient(config, privateKeyToAccount(privateKey));
  const chain = providerChainOf(client, { maxBidFee: options.maxBidFee });

  if (options.command === 'claim') {
    for (const sessionId of options.sessions) {
      process.stdout.write(`${JSON.stringify({ claimed: sessionId, transaction: await chain.claimForProvider(sessionId) })}\n`);
    }
    return;
  }

  const provider = await startProvider({
    privateKey,
    chain,
    host: options.host,
    port: options.port,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    behindTunnel: options.behindTunnel,
    ...(options.modelPath ? { modelPath: options.modelPath } : {}),
    ...(options.backendUrl ? { backendUrl: options.backendUrl } : {}),
    backendModel: options.backendModel,
    threads: options.threads,
    maxTokensPerPrompt: options.maxTokensPerPrompt,
    parallelReplies: options.parallelReplies,
    version: process.env.npm_package_version ?? '0.1.0',
    offer: {
      modelId: options.modelId ?? deployment.model.id, stake: options.stake,
      ...(options.pricePerSecond !== undefined ? { pricePerSecond: options.pricePerSecond } : {}),
    },
    onError: (error) => process.stderr.write(`provider error: ${error instanceof Error ? error.stack : String(error)}\n`),
  });
  if (provider.endpoint) process.stderr.write(`${describeRegisteredEndpoint(provider.endpoint)}\n`);
  process.stdout.write(`${JSON.stringify({ ready: true, host: provider.host, port: provider.port, address: provider.address, bidId: provider.bidId })}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await provider.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof HearthError) fail(`${error.shortMessage} ${error.toPayload().action}${error.details ? `\n(${error.details})` : ''}`);
  if (error instanceof OptionsError) fail(error.message);
  throw error;
});
