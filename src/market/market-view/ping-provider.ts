/**
 * Is a provider there? One MOR-RPC `network.ping` to the endpoint it
 * registered on chain, with a time limit, and a check that the pong is
 * signed by the provider's own address: an endpoint now answered by
 * someone else is no better than one that does not answer.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { getAddress, type Address } from 'viem';
import { publicKeyToAddress } from 'viem/accounts';
import { HearthError, type ErrorPayload } from '../../api/errors.ts';
import { MorRpcClient } from '../morrpc/client.ts';
import { emptySignature, encodePongResult } from '../morrpc/messages.ts';
import { recoverSigner } from '../morrpc/signature.ts';

export type PingOutcome = { reachable: true; version: string } | { reachable: false; error: ErrorPayload };

/** `host:port`, `[ipv6]:port`; undefined when it is neither. */
export function parseEndpoint(endpoint: string): { host: string; port: number } | undefined {
  const match = /^\[?([^\s[\]]+?)\]?:(\d{1,5})$/.exec(endpoint.trim());
  const port = Number(match?.[2]);
  if (!match?.[1] || !Number.isInteger(port) || port < 1 || port > 65_535) return undefined;
  return { host: match[1], port };
}

export async function pingProvider(args: { address: Address; endpoint: string; sessionKey: Uint8Array; timeoutMs: number; signal?: AbortSignal }): Promise<PingOutcome> {
  const unreachable = (details: string, cause?: unknown): PingOutcome => ({
    reachable: false,
    error: new HearthError('MARKET_PROVIDER_UNREACHABLE', { details: `${args.address} at "${args.endpoint}": ${details}`, cause }).toPayload(),
  });
  const target = parseEndpoint(args.endpoint);
  if (!target) return unreachable('its endpoint on chain is not host:port');
  const signal = AbortSignal.any([AbortSignal.timeout(args.timeoutMs), ...(args.signal ? [args.signal] : [])]);
  try {
    const pong = await new MorRpcClient({ ...target, sessionKey: args.sessionKey }).ping(signal);
    const signer = recoverSigner(encodePongResult({ ...pong, signature: emptySignature }), pong.signature);
    if (!signer || publicKeyToAddress(`0x${bytesToHex(signer)}`) !== getAddress(args.address)) {
      return {
        reachable: false,
        error: new HearthError('MORRPC_BAD_SIGNATURE', { details: `the pong from "${args.endpoint}" is not signed by ${args.address}, the provider registered there` }).toPayload(),
      };
    }
    return { reachable: true, version: pong.version };
  } catch (error) {
    const said = error instanceof HearthError ? (error.details ?? error.shortMessage) : String(error);
    const reason = signal.aborted && !args.signal?.aborted ? `no pong within ${args.timeoutMs} ms` : said;
    return unreachable(reason, error);
  }
}
