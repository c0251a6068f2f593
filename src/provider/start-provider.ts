/**
 * Builds a running provider: its backend, the MOR-RPC server on
 * 127.0.0.1, and (when a model id is given) its registration and bid.
 * The bid's price is checked against the marketplace's limits first:
 * registering stakes MOR, so a bid refused after it would leave a staked
 * provider that no one can find.
 */
import path from 'node:path';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { formatEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { HearthError } from '../api/errors.ts';
import { Engine } from '../engine/engine.ts';
import type { Hex } from '../market/morrpc/messages.ts';
import type { ProviderChain } from './chain.ts';
import type { CompletionBackend } from '../completion/completion-backend.ts';
import { EngineBackend } from './engine-backend.ts';
import { MorRpcHandlers } from './handlers.ts';
import { OpenAiHttpBackend } from './openai-http-backend.ts';
import { ProviderServer } from './server.ts';
import { SessionRegistry } from './session-registry.ts';
import { bundledModelPath } from '../models/bundled.ts';


export interface StartProviderOptions {
  privateKey: Hex;
  chain: ProviderChain;
  host: string;
  port: number;
  endpoint?: string;
  modelPath?: string;
  backendUrl?: string;
  backendModel: string;
  threads: number;
  version: string;
  /** Without a price, the bid is at the marketplace's minimum. */
  offer?: { modelId: Hex; pricePerSecond?: bigint; stake: bigint };
  onError?: (error: unknown) => void;
}

export interface RunningProvider {
  host: string;
  port: number;
  address: Hex;
  bidId: Hex | null;
  close(): Promise<void>;
}

async function openBackend(options: StartProviderOptions): Promise<CompletionBackend> {
  if (options.backendUrl) return new OpenAiHttpBackend(options.backendUrl, options.backendModel);
  const remembered = new Map<string, unknown>();
  const engine = new Engine({
    threads: options.threads,
    memory: { get: <T>(key: string) => remembered.get(key) as T | undefined, set: (key, value) => remembered.set(key, value) },
    onStatus: () => {},
  });
  const demoModel = bundledModelPath();
  const modelPath = options.modelPath ?? demoModel;
  try {
    await engine.load(modelPath, { isDemo: modelPath === demoModel });
  } catch (error) {
    await engine.close();
    throw error;
  }
  return new EngineBackend(engine, path.basename(modelPath, '.gguf'));
}

const perSecond = (wei: bigint) => `${wei} MOR wei (${formatEther(wei)} MOR) per second`;

/** The price to bid: the one asked for, or the marketplace's minimum; refused when the marketplace would refuse it. */
async function bidPrice(chain: ProviderChain, asked: bigint | undefined): Promise<bigint> {
  const { min, max } = await chain.bidPriceLimits();
  const price = asked ?? min;
  if (price < min || price > max) {
    throw new HearthError('PROVIDER_PRICE_OUT_OF_RANGE', {
      message: `The bid price, ${perSecond(price)}, is outside the range this marketplace takes: ${perSecond(min)} to ${perSecond(max)}.`,
      action: `Nothing was staked or bid. Choose a --price-per-second from ${min} to ${max}, or leave it out to bid the minimum.`,
    });
  }
  return price;
}

export async function startProvider(options: StartProviderOptions): Promise<RunningProvider> {
  const account = privateKeyToAccount(options.privateKey);
  const publicKey = `0x${bytesToHex(secp256k1.getPublicKey(hexToBytes(options.privateKey.slice(2)), false))}` as Hex;
  const offer = options.offer && { ...options.offer, pricePerSecond: await bidPrice(options.chain, options.offer.pricePerSecond) };
  const backend = await openBackend(options);
  const handlers = new MorRpcHandlers({
    identity: { privateKey: options.privateKey, publicKey, address: account.address, version: options.version },
    chain: options.chain,
    backend,
    registry: new SessionRegistry(),
  });
  const server = new ProviderServer({ handlers, privateKey: options.privateKey, ...(options.onError ? { onError: options.onError } : {}) });
  const close = async () => {
    await server.close();
    await backend.close();
  };
  try {
    const { host, port } = await server.listen(options.port, options.host);
    const bidId = offer
      ? await options.chain.registerAndBid({ endpoint: options.endpoint ?? `${host}:${port}`, ...offer })
      : null;
    return { host, port, address: account.address, bidId, close };
  } catch (error) {
    await close();
    throw error;
  }
}
