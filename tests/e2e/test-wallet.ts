/**
 * A wallet for end-to-end tests, injected into the page and announced
 * through EIP-6963 as a browser extension announces itself (no
 * window.ethereum): the same path a MetaMask user's wallet takes. Its
 * EIP-1193 requests run here in Node: the account is the dev chain's
 * 'user', transactions are signed and sent with viem, and reads go on to
 * the Hardhat node. The test controls the wallet's chain, can make it
 * decline the next signature as a person would, and reads what it sent.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { createWalletClient, http, numberToHex, type Address, type Hex } from 'viem';
import { hardhat } from 'viem/chains';
import { devAccount } from '../../src/market/devchain/dev-accounts.ts';

export interface SentTransaction {
  hash: Hex;
  to: Address | null;
  data: Hex;
  valueWei: bigint;
}

export interface TestWallet {
  address: Address;
  /** The chain the wallet is on now. */
  chainId(): number;
  /** Puts the wallet on another chain, as a person switching networks in it; the page hears chainChanged. */
  setChain(chainId: number): Promise<void>;
  /** The next signature asked of the wallet is declined, as a person pressing Reject (EIP-1193 error 4001). */
  rejectNext(): void;
  /** Transactions the wallet signed and sent, oldest first. */
  readonly transactions: readonly SentTransaction[];
  /** Every EIP-1193 method the page asked for, in order. */
  readonly requests: readonly string[];
}

/** What the page's provider object receives back from a request. */
interface WalletReply {
  result?: unknown;
  error?: ProviderError;
  /** EIP-1193 events the request caused, emitted in the page before it resolves. */
  events: [string, unknown][];
}

interface ProviderError {
  code: number;
  message: string;
  data?: unknown;
}

/** A refusal the page receives as the wallet's EIP-1193 error. */
class WalletRequestError extends Error {
  readonly payload: ProviderError;
  constructor(payload: ProviderError) {
    super(payload.message);
    this.payload = payload;
  }
}

export const testWalletInfo = { name: 'Hearth Test Wallet', rdns: 'org.hearth.testwallet' } as const;

const icon = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#c2410c"/><path d="M16 6c4 5 7 8 7 12a7 7 0 0 1-14 0c0-4 3-7 7-12z" fill="#fff"/></svg>',
)}`;

/** Signing methods: each is one thing a person approves, or declines with rejectNext. */
const signingMethods = new Set(['eth_sendTransaction', 'personal_sign', 'eth_signTypedData_v4']);

/**
 * Installs the wallet in `page`, before its first navigation: it then
 * answers for every document the page loads. `chainId` is the node's chain
 * (the dev chain), where the wallet starts unless setChain moves it.
 */
export async function installTestWallet(page: Page, options: { rpcUrl: string; chainId: number }): Promise<TestWallet> {
  const account = devAccount('user', options.chainId);
  const chain = { ...hardhat, id: options.chainId, rpcUrls: { default: { http: [options.rpcUrl] } } };
  const client = createWalletClient({ account, chain, transport: http(options.rpcUrl) });
  const transactions: SentTransaction[] = [];
  const requests: string[] = [];
  // Chains the wallet knows: the node's, any the test put it on, any the page added. Switching to another fails with 4902, as in MetaMask.
  const knownChains = new Set([options.chainId]);
  let currentChain = options.chainId;
  // Like an extension, it shows the account to a page only once the page asked for it.
  let authorized = false;
  let declineNext = false;

  const fail = (code: number, message: string, data?: unknown): never => {
    throw new WalletRequestError({ code, message, ...(data === undefined ? {} : { data }) });
  };

  async function forward(method: string, params: unknown[]): Promise<unknown> {
    const response = await fetch(options.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    const body = (await response.json()) as { result?: unknown; error?: ProviderError };
    if (body.error) fail(body.error.code, body.error.message, body.error.data);
    return body.result;
  }

  function assertMayUse(from: unknown): void {
    if (!authorized) fail(4100, 'The page has not been given access to this wallet’s account.');
    if (typeof from === 'string' && from.toLowerCase() !== account.address.toLowerCase()) {
      fail(4100, `This wallet holds ${account.address}, not ${from}.`);
    }
  }

  async function sendTransaction(request: { from?: string; to?: Address; data?: Hex; value?: Hex; gas?: Hex }): Promise<Hex> {
    assertMayUse(request.from);
    // A real wallet would send on the chain it is on; this one has a node for the dev chain only.
    if (currentChain !== options.chainId) fail(4901, `The wallet is on chain ${currentChain}; it can send only on chain ${options.chainId}.`);
    const data = request.data ?? '0x';
    const valueWei = BigInt(request.value ?? '0x0');
    const hash = await client.sendTransaction({
      account, chain, data, value: valueWei,
      ...(request.to ? { to: request.to } : {}),
      ...(request.gas ? { gas: BigInt(request.gas) } : {}),
    });
    transactions.push({ hash, to: request.to ?? null, data, valueWei });
    return hash;
  }

  /** The eth_accounts permission as MetaMask words it: wagmi reads the account from its caveat. */
  const accountsPermission = () => ({
    parentCapability: 'eth_accounts',
    caveats: [{ type: 'restrictReturnedAccounts', value: [account.address] }],
  });

  function switchTo(chainId: number, events: [string, unknown][]): void {
    if (chainId !== currentChain) events.push(['chainChanged', numberToHex(chainId)]);
    currentChain = chainId;
  }

  async function answer(method: string, params: unknown[], events: [string, unknown][]): Promise<unknown> {
    if (signingMethods.has(method) && declineNext) {
      declineNext = false;
      fail(4001, 'User rejected the request.');
    }
    switch (method) {
      case 'eth_requestAccounts':
        authorized = true;
        return [account.address];
      case 'eth_accounts':
        return authorized ? [account.address] : [];
      case 'eth_chainId':
        return numberToHex(currentChain);
      case 'net_version':
        return String(currentChain);
      case 'wallet_requestPermissions':
        authorized = true;
        return [accountsPermission()];
      case 'wallet_getPermissions':
        return authorized ? [accountsPermission()] : [];
      case 'wallet_revokePermissions':
        if (authorized) events.push(['accountsChanged', []]);
        authorized = false;
        return null;
      case 'wallet_switchEthereumChain': {
        const [{ chainId }] = params as [{ chainId: Hex }];
        const target = Number(chainId);
        if (!knownChains.has(target)) fail(4902, `Unrecognized chain ID "${chainId}". Try adding the chain using wallet_addEthereumChain first.`);
        switchTo(target, events);
        return null;
      }
      case 'wallet_addEthereumChain': {
        // As MetaMask does: the chain is added, then the wallet switches to it.
        const [{ chainId }] = params as [{ chainId: Hex }];
        knownChains.add(Number(chainId));
        switchTo(Number(chainId), events);
        return null;
      }
      case 'eth_sendTransaction':
        return sendTransaction((params as [Parameters<typeof sendTransaction>[0]])[0]);
      case 'personal_sign': {
        const [message, from] = params as [Hex, string];
        assertMayUse(from);
        return account.signMessage({ message: { raw: message } });
      }
      case 'eth_signTypedData_v4': {
        const [from, typedData] = params as [string, string];
        assertMayUse(from);
        return account.signTypedData(JSON.parse(typedData));
      }
      default:
        return forward(method, params);
    }
  }

  await page.exposeFunction('__hearthTestWallet', async (method: string, params: unknown[] | undefined): Promise<WalletReply> => {
    requests.push(method);
    const events: [string, unknown][] = [];
    try {
      return { result: await answer(method, params ?? [], events), events };
    } catch (error) {
      if (error instanceof WalletRequestError) return { error: error.payload, events };
      // Anything else (the node down, viem refusing) is an internal wallet error for the page, with its reason.
      return { error: { code: -32603, message: error instanceof Error ? error.message : String(error) }, events };
    }
  });

  await page.addInitScript((info) => {
    type Listener = (payload: unknown) => void;
    type Reply = { result?: unknown; error?: { code: number; message: string; data?: unknown }; events: [string, unknown][] };
    const call = (window as unknown as { __hearthTestWallet(method: string, params: unknown): Promise<Reply> }).__hearthTestWallet;
    const listeners = new Map<string, Set<Listener>>();
    const emit = (event: string, payload: unknown) => {
      for (const listener of [...(listeners.get(event) ?? [])]) listener(payload);
    };
    const provider = {
      async request({ method, params }: { method: string; params?: unknown }): Promise<unknown> {
        const reply = await call(method, params);
        for (const [event, payload] of reply.events) emit(event, payload);
        if (reply.error) {
          // Shaped as wallets throw them (EIP-1193 ProviderRpcError): an Error with code and data.
          throw Object.assign(new Error(reply.error.message), { code: reply.error.code, data: reply.error.data });
        }
        return reply.result;
      },
      on(event: string, listener: Listener) {
        if (!listeners.has(event)) listeners.set(event, new Set());
        listeners.get(event)!.add(listener);
        return provider;
      },
      removeListener(event: string, listener: Listener) {
        listeners.get(event)?.delete(listener);
        return provider;
      },
    };
    // For the test's setChain: the wallet tells the page, as an extension does when its network changes.
    Object.defineProperty(window, '__hearthTestWalletEmit', { value: emit });
    const announce = () => {
      window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }));
    };
    window.addEventListener('eip6963:requestProvider', announce);
    announce();
  }, { uuid: randomUUID(), name: testWalletInfo.name, icon, rdns: testWalletInfo.rdns });

  return {
    address: account.address,
    chainId: () => currentChain,
    async setChain(chainId) {
      knownChains.add(chainId);
      if (chainId === currentChain) return;
      currentChain = chainId;
      await page.evaluate((hex) => {
        (window as unknown as { __hearthTestWalletEmit?: (event: string, payload: unknown) => void }).__hearthTestWalletEmit?.('chainChanged', hex);
      }, numberToHex(chainId));
    },
    rejectNext() {
      declineNext = true;
    },
    transactions,
    requests,
  };
}
