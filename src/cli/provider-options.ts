/**
 * Options of `npm run provider`. Flags win over environment variables.
 * The provider's private key is read from HEARTH_PROVIDER_KEY or a key
 * file, never from a flag (flags show in the process list); without one,
 * the CLI uses the dev provider account, which works on the dev chain only.
 * The chain is the deployment file `npm run chain` wrote, by default the
 * one in Hearth's data folder.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../common/data-dir.ts';
import { defaultDeploymentPath } from '../market/devchain/deployment-file.ts';
import type { Hex } from '../market/morrpc/messages.ts';
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
  modelPath?: string;
  backendUrl?: string;
  backendModel: string;
  threads: number;
  /** The model to bid on; defaults to the deployment's model. */
  modelId?: Hex;
  /** Absent: the marketplace's minimum, read from the chain at start. */
  pricePerSecond?: bigint;
  stake: bigint;
  maxBidFee: bigint;
}

const usage = 'Usage: npm run provider -- [claim SESSION_ID…] [--chain-config PATH] [--model PATH | --backend-url URL] '
  + '[--model-id 0x…] [--price-per-second WEI] [--stake WEI] [--port N] [--threads N]. The key comes from HEARTH_PROVIDER_KEY or --key-file.';

const isHex = (value: string, bytes: number) => new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`).test(value);

function wei(value: string, what: string): bigint {
  if (!/^\d+$/.test(value)) throw new OptionsError(`${what} must be a whole number of wei, not "${value}".`);
  return BigInt(value);
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
        host: { type: 'string' }, port: { type: 'string' }, endpoint: { type: 'string' },
        model: { type: 'string' }, 'backend-url': { type: 'string' }, 'backend-model': { type: 'string' }, threads: { type: 'string' },
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
  return {
    command,
    sessions: sessions as Hex[],
    ...(privateKey ? { privateKey: privateKey as Hex } : {}),
    chainConfigPath,
    ...(rpcUrl ? { rpcUrl } : {}),
    host: values.host ?? '127.0.0.1',
    port: port ? wholeNumber(port, 'The port', 0) : 0,
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
    ...(modelPath ? { modelPath } : {}),
    ...(backendUrl ? { backendUrl } : {}),
    backendModel: values['backend-model'] ?? 'default',
    threads: wholeNumber(values.threads ?? env.HEARTH_THREADS ?? '1', 'The thread count', 1),
    ...(modelId ? { modelId: modelId as Hex } : {}),
    ...(pricePerSecond ? { pricePerSecond: wei(pricePerSecond, 'The price per second') } : {}),
    stake: wei(values.stake ?? '200000000000000000', 'The provider stake'),
    maxBidFee: wei(values['max-bid-fee'] ?? '10000000000000000000', 'The largest bid fee'),
  };
}
