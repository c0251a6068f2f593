/**
 * Builds a running provider: its backend, the MOR-RPC server (on
 * 127.0.0.1 unless told otherwise), and (when a model id is given) its
 * registration and bid. The endpoint to register and the bid's price are
 * checked first: registering stakes MOR, so an endpoint no consumer can
 * reach, or a bid refused after it, would leave a staked provider that no
 * one can use or find.
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
import { plannedEndpoint, type RegisteredEndpoint } from './endpoint-check.ts';
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
  /** The "host:port" to register; without it, where the provider listens. */
  endpoint?: string;
  /** Off the dev chain, an endpoint that is not public is registered only when it is forwarded to the provider. */
  behindTunnel?: boolean;
  modelPath?: string;
  backendUrl?: string;
  backendModel: string;
  threads: number;
  /** The most tokens written for one prompt, whatever the consumer asks. */
  maxTokensPerPrompt: number;
  /** Replies written at once, each on its own sequence of the model (fewer when memory is short), so one long reply cannot hold the model. */
  parallelReplies: number;
  version: string;
  /** Without a price, the bid is at the marketplace's minimum. */
  offer?: { modelId: Hex; pricePerSecond?: bigint; stake: bigint };
  onError?: (error: unknown) => void;
}

export interface RunningProvider {
  host: string;
  port: number;
  address: Hex;
  /** What was registered on chain, with who can reach it; null without an offer. */
  endpoint: RegisteredEndpoint | null;
  bidId: Hex | null;
  close(): Promise<void>;
}

/** The backend, and how many replies it writes at once: as many sequences as fit the model's memory, or as many as asked of a server. */
async function openBackend(options: StartProviderOptions): Promise<{ backend: CompletionBackend; parallelReplies: number }> {
  if (options.backendUrl) return { backend: new OpenAiHttpBackend(options.backendUrl, options.backendModel), parallelReplies: options.parallelReplies };
  const remembered = new Map<string, unknown>();
  const engine = new Engine({
    threads: options.threads,
    parallelReplies: options.parallelReplies,
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
  return { backend: new EngineBackend(engine, path.basename(modelPath, '.gguf')), parallelReplies: engine.parallelReplies ?? 1 };
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
  const endpointAt = options.offer && plannedEndpoint(options.endpoint, options.host, { chainId: options.chain.chainId, behindTunnel: options.behindTunnel ?? false });
  const offer = options.offer && { ...options.offer, pricePerSecond: await bidPrice(options.chain, options.offer.pricePerSecond) };
  const { backend, parallelReplies } = await openBackend(options);
  const handlers = new MorRpcHandlers({
    identity: { privateKey: options.privateKey, publicKey, address: account.address, version: options.version },
    chain: options.chain,
    backend,
    registry: new SessionRegistry(),
    maxTokensPerPrompt: options.maxTokensPerPrompt,
    parallelReplies,
    ...(options.onError ? { onError: options.onError } : {}),
  });
  const server = new ProviderServer({ handlers, privateKey: options.privateKey, ...(options.onError ? { onError: options.onError } : {}) });
  const close = async () => {
    handlers.close();
    await server.close();
    await backend.close();
  };
  try {
    // Sessions opened with this provider are watched for before the first approval can be issued.
    await handlers.start();
    const { host, port } = await server.listen(options.port, options.host);
    const endpoint = endpointAt ? endpointAt(port) : null;
    const bidId = offer && endpoint ? await options.chain.registerAndBid({ endpoint: endpoint.endpoint, ...offer }) : null;
    return { host, port, address: account.address, endpoint, bidId, close };
  } catch (error) {
    await close();
    throw error;
  }
}
