/**
 * The Frame desktop wallet as an EIP-1193 provider: Frame serves JSON-RPC
 * over HTTP on this computer (127.0.0.1:1248) and asks the person itself
 * before it signs anything. The window reaches it only once the person has
 * chosen Frame, so a page load never knocks on a port nobody asked for.
 */
import type { EIP1193Provider } from 'viem';

export const frameEndpoint = 'http://127.0.0.1:1248';

/** Remembered across reloads, so a wallet connected through Frame reconnects; cleared when it disconnects. */
const chosenKey = 'hearth.wallet.frameChosen';

export const frameChoice = {
  isChosen: (): boolean => window.localStorage.getItem(chosenKey) === '1',
  choose: (): void => window.localStorage.setItem(chosenKey, '1'),
  forget: (): void => window.localStorage.removeItem(chosenKey),
};

/** An EIP-1193 error, as wallets throw them: viem maps its `code` (4001: the person declined…). */
export class ProviderRpcError extends Error {
  readonly code: number;
  readonly data: unknown;
  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.name = 'ProviderRpcError';
    this.code = code;
    this.data = data;
  }
}

interface JsonRpcReply {
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

let nextId = 1;

export function createFrameProvider(endpoint = frameEndpoint, fetchImpl: typeof fetch = fetch): EIP1193Provider {
  const request = async ({ method, params }: { method: string; params?: unknown }): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetchImpl(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params: params ?? [] }),
      });
    } catch {
      // 4900: the provider is disconnected from every chain.
      throw new ProviderRpcError(4900, `Frame is not running on this computer: nothing answers at ${endpoint}. Start Frame, then try again.`);
    }
    if (!response.ok) throw new ProviderRpcError(4900, `Frame answered ${response.status} ${response.statusText} at ${endpoint}.`);
    const reply = (await response.json()) as JsonRpcReply;
    if (reply.error !== undefined) throw new ProviderRpcError(reply.error.code, reply.error.message, reply.error.data);
    return reply.result;
  };
  return {
    request: request as EIP1193Provider['request'],
    // Frame's HTTP endpoint pushes no events; wagmi reads accounts and the chain when it needs them.
    on: () => {},
    removeListener: () => {},
  };
}
