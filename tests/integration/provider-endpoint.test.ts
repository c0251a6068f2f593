/**
 * The endpoint a provider registers, on a real Hardhat dev chain. A dev
 * chain cannot be another chain, so the provider is started in-process
 * with the real chain client of the dev chain, its chain id read as Base's:
 * a loopback endpoint refused before anything is staked, and registered
 * when forwarded (--behind-tunnel) or given as a public name. Then the
 * real `npm run provider` on the dev chain: the line saying which endpoint
 * it registered, and a malformed --endpoint refused.
 */
import { spawn } from 'node:child_process';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HearthError } from '../../src/api/errors.ts';
import { connectChainClient, type ChainClient } from '../../src/market/chain/client.ts';
import { chainConfigOf } from '../../src/market/devchain/deployment-file.ts';
import { devAccount, devChainId, type DevRole } from '../../src/market/devchain/dev-accounts.ts';
import type { Hex } from '../../src/market/morrpc/messages.ts';
import type { ProviderChain } from '../../src/provider/chain.ts';
import { providerChainOf } from '../../src/provider/market-chain.ts';
import { startProvider, type RunningProvider } from '../../src/provider/start-provider.ts';
import { devPrivateKey, startDevMarket, type DevMarket } from '../helpers/dev-chain.ts';
import { startProviderProcess } from '../helpers/provider-process.ts';

const baseChainId = 8453n;
const stake = parseEther('0.2');
/** Nothing listens there: no prompt is sent in these tests, so the backend is never asked. */
const unusedBackendUrl = 'http://127.0.0.1:9';

let chain: DevMarket;
let market: ChainClient;
const running: RunningProvider[] = [];

/** Stands in for the live chain: the dev chain's real client, its chain id read as Base's. */
const asIfBaseChain_testDouble = (devChain: ProviderChain): ProviderChain => ({ ...devChain, chainId: baseChainId });

function startAs(role: DevRole, options: { endpoint?: string; behindTunnel?: boolean } = {}): Promise<RunningProvider> {
  const client = connectChainClient(chainConfigOf(chain.deployment), devAccount(role, devChainId));
  return startProvider({
    privateKey: devPrivateKey(role),
    chain: asIfBaseChain_testDouble(providerChainOf(client, { maxBidFee: parseEther('10') })),
    host: '127.0.0.1',
    port: 0,
    ...options,
    backendUrl: unusedBackendUrl,
    backendModel: 'default',
    threads: 1,
    maxTokensPerPrompt: 64,
    parallelReplies: 1,
    version: 'test',
    offer: { modelId: chain.deployment.model.id, stake },
  }).then((provider) => {
    running.push(provider);
    return provider;
  });
}

function runProviderCli(args: string[], key: Hex): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['src/cli/provider.ts', ...args, '--chain-config', chain.deploymentFile], {
      env: { ...process.env, HEARTH_PROVIDER_KEY: key }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

beforeAll(async () => {
  chain = await startDevMarket();
  market = chain.as('user');
}, 120_000);

afterAll(async () => {
  await Promise.all(running.map((provider) => provider.close()));
  await chain?.stop();
});

describe('a provider on a live chain (the dev chain read as Base)', () => {
  it('listening on 127.0.0.1 without --endpoint, it refuses to start in a sentence naming the address; nothing is staked or registered', async () => {
    const address = devAccount('modelOwner', devChainId).address;
    const before = await market.morBalance(address);
    const refusal = await startAs('modelOwner').then(() => null, (error: unknown) => error);
    expect(refusal).toBeInstanceOf(HearthError);
    expect(refusal).toMatchObject({
      code: 'PROVIDER_ENDPOINT_PRIVATE',
      shortMessage: 'The endpoint to register, where the provider listens (127.0.0.1), is a loopback address, which only this computer reaches: no consumer elsewhere can connect to it.',
      action: 'Nothing was staked or registered. Pass --endpoint with the public host:port consumers reach you at, or --behind-tunnel if that address is forwarded to you.',
    });
    expect(await market.getProvider(address)).toMatchObject({ endpoint: '', stake: 0n, createdAt: 0n });
    expect(await market.morBalance(address)).toBe(before);
  });

  it('behind a tunnel, it registers where it listens and bids', async () => {
    const provider = await startAs('provider', { behindTunnel: true });
    expect(provider.endpoint).toEqual({ endpoint: `127.0.0.1:${provider.port}`, kind: 'loopback', allowedBy: 'behind-tunnel' });
    expect(await market.getProvider(provider.address)).toMatchObject({ endpoint: `127.0.0.1:${provider.port}`, stake });
    expect((await market.getBid(provider.bidId!)).provider).toBe(provider.address);
  });

  it('given a public --endpoint, it registers that endpoint', async () => {
    const provider = await startAs('otherUser', { endpoint: 'provider.example.com:3333' });
    expect(provider.endpoint).toEqual({ endpoint: 'provider.example.com:3333', kind: 'public' });
    expect((await market.getProvider(provider.address)).endpoint).toBe('provider.example.com:3333');
  });
});

describe('npm run provider on the dev chain', () => {
  it('says on stderr which endpoint it registered, and that only this computer reaches it', async () => {
    const provider = await startProviderProcess({ deploymentFile: chain.deploymentFile, privateKey: devPrivateKey('user'), args: ['--backend-url', unusedBackendUrl] });
    try {
      expect(provider.stderr()).toContain(
        `Registered endpoint 127.0.0.1:${provider.port}: a loopback address, which only this computer reaches; fine on the dev chain, refused on any other.\n`,
      );
    } finally {
      await provider.stop();
    }
  });

  it('refuses a malformed --endpoint in a sentence, before registering anything', async () => {
    const started = await runProviderCli(['--backend-url', unusedBackendUrl, '--endpoint', 'provider.example.com'], devPrivateKey('deployer'));
    expect(started.code).toBe(1);
    expect(started.stderr).toContain('The endpoint to register, "provider.example.com", is not host:port (an IPv6 address goes in brackets: [2001:db8::1]:3333).');
    expect(await market.getProvider(devAccount('deployer', devChainId).address)).toMatchObject({ stake: 0n, createdAt: 0n });
  });
});
