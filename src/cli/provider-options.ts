/**
 * Options of `npm run provider`. Flags win over environment variables.
 * The provider's private key is read from HEARTH_PROVIDER_KEY or a key
 * file, never from a flag (flags show in the process list); without one,
 * the CLI uses the dev provider account, which works on the dev chain only.
 * The chain is the deployment file `npm run chain` wrote, by default the
 * one in Hearth's data folder. It listens on 127.0.0.1 unless told
 * otherwise, and registers where it listens unless given --endpoint: off
 * the dev chain that endpoint must be public, or forwarded to it
 * (--behind-tunnel), see src/provider/endpoint-check.ts.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../common/data-dir.ts';
import { defaultDeploymentPath } from '../market/devchain/deployment-file.ts';
import type { Hex } from '../market/morrpc/messages.ts';
import { defaultMaxTokensPerPrompt, defaultParallelReplies } from '../provider/handlers.ts';
import { OptionsError } from './runtime-options.ts';

export interface ProviderOptions {
  command: 'serve' | 'claim';
  /** For `claim`: the sessions to claim earnings from. */
  sessions: Hex[];
  /** Absent: use the dev chain's provider account. */
  privateKey?: Hex;
  chainConfigPath: string;
  rpcUrl?: string;
  host: string;
  port: number;
  /** The "host:port" registered on chain; defaults to where it listens. */
  endpoint?: string;
  /** The endpoint, though not public, is forwarded to this provider (a tunnel, a shared VPN). */
  behindTunnel: boolean;
  modelPath?: string;
  backendUrl?: string;
  backendModel: string;
  threads: number;
  /** The most tokens the provider writes for one prompt, whatever the consumer asks. */
  maxTokensPerPrompt: number;
  /** Replies written at once. */
  parallelReplies: number;
  /** The model to bid on; defaults to the deployment's model. */
  modelId?: Hex;
  /** Absent: the marketplace's minimum, read from the chain at start. */
  pricePerSecond?: bigint;
  stake: bigint;
  maxBidFee: bigint;
}

const usage = 'Usage: npm run provider -- [claim SESSION_ID…] [--chain-config PATH] [--rpc-url URL] '
  + '[--model PATH | --backend-url URL [--backend-model NAME]] [--model-id 0x…] [--price-per-second WEI] [--stake WEI] [--max-bid-fee WEI] '
  + '[--host ADDRESS] [--port N] [--endpoint HOST:PORT] [--behind-tunnel] [--max-tokens-per-prompt N] [--parallel-replies N] [--threads N]. '
  + 'The key comes from HEARTH_PROVIDER_KEY or --key-file PATH.';

const isHex = (value: string, bytes: number) => new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`).test(value);

function wei(value: string, what: string): bigint {
  if (!/^\d+$/.test(value)) throw new OptionsError(`${what} must be a whole number of wei, not "${value}".`);
  return BigInt(value);
}

/** An on/off environment variable: 1 or 0 (unset is off). */
function envSwitch(value: string | undefined, name: string): boolean {
  if (value === undefined || value === '' || value === '0') return false;
  if (value === '1') return true;
  throw new OptionsError(`${name} must be 1 or 0, not "${value}".`);
}

function wholeNumber(value: string, what: string, min: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min) throw new OptionsError(`${what} must be a whole number of at least ${min}, not "${value}".`);
  return number;
}

export function parseProviderOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): ProviderOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        'chain-config': { type: 'string' }, 'rpc-url': { type: 'string' }, 'key-file': { type: 'string' },
        host: { type: 'string' }, port: { type: 'string' }, endpoint: { type: 'string' }, 'behind-tunnel': { type: 'boolean' },
        model: { type: 'string' }, 'backend-url': { type: 'string' }, 'backend-model': { type: 'string' }, threads: { type: 'string' },
        'max-tokens-per-prompt': { type: 'string' }, 'parallel-replies': { type: 'string' },
        'model-id': { type: 'string' }, 'price-per-second': { type: 'string' }, stake: { type: 'string' }, 'max-bid-fee': { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new OptionsError(`${(error as Error).message}. ${usage}`);
  }
  const { values, positionals } = parsed;
  const [command = 'serve', ...sessions] = positionals;
  if (command !== 'serve' && command !== 'claim') throw new OptionsError(`Unknown command "${command}". ${usage}`);
  for (const session of sessions) if (!isHex(session, 32)) throw new OptionsError(`"${session}" is not a session id (0x and 64 hex digits).`);

  const keyFile = values['key-file'] ?? env.HEARTH_PROVIDER_KEY_FILE;
  const privateKey = keyFile ? fs.readFileSync(keyFile, 'utf8').trim() : env.HEARTH_PROVIDER_KEY;
  if (privateKey !== undefined && !isHex(privateKey, 32)) throw new OptionsError(`The provider key is not 0x and 64 hex digits. ${usage}`);
  const chainConfigPath = values['chain-config'] ?? env.HEARTH_CHAIN_CONFIG ?? defaultDeploymentPath(env.HEARTH_DATA_DIR ?? defaultDataDir(env));
  const modelId = values['model-id'] ?? env.HEARTH_PROVIDER_MODEL_ID;
  if (modelId !== undefined && !isHex(modelId, 32)) throw new OptionsError(`--model-id must be 0x and 64 hex digits, not "${modelId}".`);
  const rpcUrl = values['rpc-url'] ?? env.HEARTH_RPC_URL;
  const modelPath = values.model ?? env.HEARTH_MODEL;
  const backendUrl = values['backend-url'] ?? env.HEARTH_PROVIDER_BACKEND_URL;
  const port = values.port ?? env.HEARTH_PROVIDER_PORT;
  const pricePerSecond = values['price-per-second'];
  const maxTokensPerPrompt = values['max-tokens-per-prompt'] ?? env.HEARTH_PROVIDER_MAX_TOKENS;
  const parallelReplies = values['parallel-replies'] ?? env.HEARTH_PROVIDER_PARALLEL_REPLIES;
  return {
    command,
    sessions: sessions as Hex[],
    ...(privateKey ? { privateKey: privateKey as Hex } : {}),
    chainConfigPath,
    ...(rpcUrl ? { rpcUrl } : {}),
    host: values.host ?? '127.0.0.1',
    port: port ? wholeNumber(port, 'The port', 0) : 0,
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
    behindTunnel: values['behind-tunnel'] ?? envSwitch(env.HEARTH_PROVIDER_BEHIND_TUNNEL, 'HEARTH_PROVIDER_BEHIND_TUNNEL'),
    ...(modelPath ? { modelPath } : {}),
    ...(backendUrl ? { backendUrl } : {}),
    backendModel: values['backend-model'] ?? 'default',
    threads: wholeNumber(values.threads ?? env.HEARTH_THREADS ?? '1', 'The thread count', 1),
    maxTokensPerPrompt: maxTokensPerPrompt ? wholeNumber(maxTokensPerPrompt, 'The most tokens per prompt', 1) : defaultMaxTokensPerPrompt,
    parallelReplies: parallelReplies ? wholeNumber(parallelReplies, 'The number of parallel replies', 1) : defaultParallelReplies,
    ...(modelId ? { modelId: modelId as Hex } : {}),
    ...(pricePerSecond ? { pricePerSecond: wei(pricePerSecond, 'The price per second') } : {}),
    stake: wei(values.stake ?? '200000000000000000', 'The provider stake'),
    maxBidFee: wei(values['max-bid-fee'] ?? '10000000000000000000', 'The largest bid fee'),
  };
}
