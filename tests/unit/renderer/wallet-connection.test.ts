/**
 * The wallet's connection as the window words it: the panel before and
 * after connecting (and on the wrong chain), the Frame desktop app reached
 * over its local JSON-RPC endpoint, wallet errors as sentences, and the fee.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { UserRejectedRequestError, parseEther, type Address } from 'viem';
import { describe, expect, it } from 'vitest';
import type { Connector } from 'wagmi';
import { knownMarketplaces } from '../../../renderer/src/wallet/chains.ts';
import { ConnectWalletPanel } from '../../../renderer/src/wallet/ConnectWalletPanel.tsx';
import { feeText } from '../../../renderer/src/wallet/estimate-fee.ts';
import { createFrameProvider, ProviderRpcError } from '../../../renderer/src/wallet/frame-provider.ts';
import { WalletContext, type WalletContextValue } from '../../../renderer/src/wallet/wallet-context.ts';
import { isRevert, isUserRejection, walletMessage } from '../../../renderer/src/wallet/wallet-errors.ts';

const address: Address = '0x1200000000000000000000000000000000003456';
const names: Record<number, string> = { 8453: 'Base', 1: 'Ethereum' };
const connector = (id: string, name: string) => ({ id, uid: id, name }) as Connector;

function wallet(overrides: Partial<WalletContextValue>): WalletContextValue {
  return {
    address: null, chainId: null, connected: false, linked: false, linking: false, marketChain: knownMarketplaces[0]!, wrongChain: false,
    chainName: (id) => names[id] ?? `chain ${id}`,
    connectors: [connector('io.metamask', 'MetaMask'), connector('frame', 'Frame')],
    busy: false, connect: async () => {}, disconnect: async () => {}, switchToMarketChain: async () => {}, linkAgain: () => {}, error: null,
    ...overrides,
  };
}

const render = (value: WalletContextValue) =>
  renderToStaticMarkup(createElement(WalletContext.Provider, { value }, createElement(ConnectWalletPanel))).replaceAll('&#x27;', "'");

describe('the connect-a-wallet panel', () => {
  it('offers each announced wallet and Frame, and says Hearth never sees the key', () => {
    const html = render(wallet({}));
    expect(html).toContain('<h2 id="wallet-panel-title">Connect a wallet</h2>');
    expect(html).toContain('>Connect MetaMask</button>');
    expect(html).toContain('>Connect Frame</button>');
    expect(html).toContain("Hearth never sees your wallet's key");
  });

  it('shows the connected address in full, its chain, and Disconnect', () => {
    const html = render(wallet({ address, chainId: 8453, connected: true, linked: true }));
    expect(html).toContain(`data-testid="wallet-address">${address}</dd>`);
    expect(html).toContain('data-testid="wallet-chain">Base</dd>');
    expect(html).toContain('Disconnect');
    expect(html).not.toContain('role="alert"');
  });

  it('asks a wallet on another chain to switch, naming both chains', () => {
    const html = render(wallet({ address, chainId: 1, connected: true, wrongChain: true }));
    expect(html).toContain('role="alert"');
    expect(html).toContain("<p>Your wallet is on Ethereum; Hearth's marketplace is on Base.</p>");
    expect(html).toContain('>Switch to Base</button>');
  });

  it('says a wallet is being linked, and offers Link again once linking failed', () => {
    expect(render(wallet({ address, chainId: 8453, connected: true, linking: true }))).toContain('data-testid="wallet-linking">Linking this wallet to Hearth');
    const failed = render(wallet({ address, chainId: 8453, connected: true, error: 'You declined the signature in your wallet, so nothing was signed.' }));
    expect(failed).toContain('>Link again</button>');
    expect(failed).not.toContain('wallet-linking');
  });

  it('shows the last failure as an alert', () => {
    expect(render(wallet({ error: 'You declined the switch in your wallet; it stays where it is.' }))).toContain('data-testid="wallet-error">You declined the switch');
  });
});

describe('the Frame desktop app over its local endpoint', () => {
  it('posts JSON-RPC and returns the result', async () => {
    const sent: unknown[] = [];
    const provider = createFrameProvider('http://frame.test', async (_url, init) => {
      sent.push(JSON.parse(String(init?.body)));
      return new Response(JSON.stringify({ jsonrpc: '2.0', id: 1, result: '0x2105' }));
    });
    expect(await provider.request({ method: 'eth_chainId' })).toBe('0x2105');
    expect(sent).toEqual([expect.objectContaining({ jsonrpc: '2.0', method: 'eth_chainId', params: [] })]);
  });

  it("passes on the wallet's error with its code, so a refusal reads as one", async () => {
    const provider = createFrameProvider('http://frame.test', async () => new Response(JSON.stringify({ jsonrpc: '2.0', id: 1, error: { code: 4001, message: 'User rejected' } })));
    const failure = await provider.request({ method: 'eth_requestAccounts' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProviderRpcError);
    expect(isUserRejection(failure)).toBe(true);
  });

  it('says Frame is not running when nothing answers', async () => {
    const provider = createFrameProvider('http://frame.test', async () => {
      throw new TypeError('fetch failed');
    });
    await expect(provider.request({ method: 'eth_accounts' })).rejects.toThrow('Frame is not running on this computer');
  });
});

describe('wallet errors and the fee, in words', () => {
  it('finds a refusal and a revert however deep viem wrapped them', () => {
    const wrapped = Object.assign(new Error('Request failed'), { cause: new UserRejectedRequestError(new Error('User denied transaction signature.')) });
    expect(isUserRejection(wrapped)).toBe(true);
    expect(isUserRejection(new Error('nonce too low'))).toBe(false);
    expect(isRevert({ code: 3, message: 'execution reverted: SessionStakeTooLow' })).toBe(true);
    expect(walletMessage(Object.assign(new Error('outer'), { cause: { code: -32000, message: 'insufficient funds for gas' } }))).toBe('insufficient funds for gas');
  });

  it('gives the fee as about so much ETH, or less than the smallest shown', () => {
    expect(feeText(parseEther('0.00004'))).toBe('about 0.00004 ETH');
    expect(feeText(1000n)).toBe('less than 0.000001 ETH');
  });
});
