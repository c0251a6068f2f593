/**
 * WalletConnect in the window, without ever reaching its relay: the wagmi
 * config offers it only with a project id and gives it no provider until
 * the person chooses it; a pairing shows the link, gives up on a relay that
 * does not answer, and words each failure; the QR dialog, the connect
 * panel's choice and the Wallet page's project id section.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { UserRejectedRequestError } from 'viem';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Connector } from 'wagmi';
import type { HearthApi } from '../../../src/api/index.ts';
import { knownMarketplaces, marketplaceChains } from '../../../renderer/src/wallet/chains.ts';
import { ConnectWalletPanel } from '../../../renderer/src/wallet/ConnectWalletPanel.tsx';
import { createWalletConfig } from '../../../renderer/src/wallet/wagmi-config.ts';
import { WalletConnectQr } from '../../../renderer/src/wallet/WalletConnectQr.tsx';
import { walletConnectChoice } from '../../../renderer/src/wallet/walletconnect.ts';
import { relaySentence, startPairing, type MessageEmitter } from '../../../renderer/src/wallet/walletconnect-pairing.ts';
import { WalletContext, type WalletContextValue } from '../../../renderer/src/wallet/wallet-context.ts';
import { WalletConnectSection } from '../../../renderer/src/wallet-page/WalletConnectSection.tsx';

const projectId = '0123456789abcdef0123456789abcdef';
const uri = 'wc:7f6e504bfad60b485450578e05678ed3e8e8c4751d3c6160be17160d63ec90f9@2?relay-protocol=irn&symKey=587d5484ce2a2a6ee3ba1962fdd7e8588e06200c46823bd18fbd67def96ad303';

/** A window with only what the wallet code uses: localStorage, the origin, and events for EIP-6963 discovery. */
function stubWindow() {
  const stored = new Map<string, string>();
  vi.stubGlobal('window', {
    location: { origin: 'http://127.0.0.1:8377' },
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => true,
    localStorage: {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => void stored.set(key, value),
      removeItem: (key: string) => void stored.delete(key),
    },
  });
}

describe('the wagmi config', () => {
  beforeEach(stubWindow);
  afterEach(() => vi.unstubAllGlobals());

  const config = (walletConnect: { projectId: string; appUrl: string } | null) => createWalletConfig(marketplaceChains(null), { walletConnect });

  it('offers WalletConnect only when a project id is saved', () => {
    expect(config(null).connectors.map((connector) => connector.name)).toEqual(['Frame']);
    expect(config({ projectId, appUrl: 'http://127.0.0.1:8377' }).connectors.map((connector) => [connector.id, connector.name])).toEqual([
      ['frame', 'Frame'],
      ['walletConnect', 'WalletConnect'],
    ]);
  });

  it('gives WalletConnect no provider (so loads no SDK and reaches no relay) until the person chooses it', async () => {
    const walletConnect = config({ projectId, appUrl: 'http://127.0.0.1:8377' }).connectors.find((connector) => connector.id === 'walletConnect')!;
    expect(walletConnectChoice.isChosen()).toBe(false);
    expect(await walletConnect.getProvider()).toBeUndefined();
    expect(await walletConnect.isAuthorized()).toBe(false);
  });
});

/** A connector's emitter that the test speaks through. */
function fakeEmitter() {
  const listeners = new Set<(message: { type: string; data?: unknown }) => void>();
  const emitter: MessageEmitter = { on: (_event, listener) => void listeners.add(listener), off: (_event, listener) => void listeners.delete(listener) };
  return { emitter, emit: (message: { type: string; data?: unknown }) => listeners.forEach((listener) => listener(message)), listeners };
}

/** A connect that the test settles. */
function pending() {
  let resolve: (value: unknown) => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<unknown>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe('a WalletConnect pairing', () => {
  afterEach(() => vi.useRealTimers());

  it('hands over the link when the connector emits it, and ends connected', async () => {
    const { emitter, emit, listeners } = fakeEmitter();
    const connect = pending();
    const shown: string[] = [];
    const pairing = startPairing({ emitter, connect: () => connect.promise, onUri: (link) => shown.push(link), undo: () => {} });
    emit({ type: 'connecting' });
    emit({ type: 'display_uri', data: uri });
    connect.resolve({});
    expect(await pairing.outcome).toEqual({ kind: 'connected' });
    expect(shown).toEqual([uri]);
    expect(listeners.size).toBe(0);
  });

  it('ends in a sentence when the relay cannot be reached', async () => {
    const { emitter } = fakeEmitter();
    const pairing = startPairing({
      emitter, connect: () => Promise.reject(new Error("Couldn't establish socket connection to the relay server: wss://relay.walletconnect.org")),
      onUri: () => {}, undo: () => {},
    });
    expect(await pairing.outcome).toEqual({
      kind: 'failed',
      sentence: "WalletConnect could not reach its relay: Couldn't establish socket connection to the relay server: wss://relay.walletconnect.org. Check your connection and try again.",
    });
  });

  it('gives up after 30 seconds without a link, rather than waiting for ever', async () => {
    vi.useFakeTimers();
    const { emitter, listeners } = fakeEmitter();
    const pairing = startPairing({ emitter, connect: () => new Promise(() => {}), onUri: () => {}, undo: () => {} });
    await vi.advanceTimersByTimeAsync(29_999);
    let settled = false;
    void pairing.outcome.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pairing.outcome).toEqual({ kind: 'failed', sentence: relaySentence('no answer within 30 seconds') });
    expect(relaySentence('no answer within 30 seconds')).toBe('WalletConnect could not reach its relay: no answer within 30 seconds. Check your connection and try again.');
    expect(listeners.size).toBe(0);
  });

  it('waits for the phone as long as it takes once the link is shown', async () => {
    vi.useFakeTimers();
    const { emitter, emit } = fakeEmitter();
    const connect = pending();
    const pairing = startPairing({ emitter, connect: () => connect.promise, onUri: () => {}, undo: () => {} });
    emit({ type: 'display_uri', data: uri });
    await vi.advanceTimersByTimeAsync(120_000);
    connect.resolve({});
    expect(await pairing.outcome).toEqual({ kind: 'connected' });
  });

  it('says the person declined in their phone, and words any other failure after the link', async () => {
    const declined = fakeEmitter();
    const refusal = pending();
    const first = startPairing({ emitter: declined.emitter, connect: () => refusal.promise, onUri: () => {}, undo: () => {} });
    declined.emit({ type: 'display_uri', data: uri });
    refusal.reject(new UserRejectedRequestError(new Error('User rejected.')));
    expect(await first.outcome).toEqual({ kind: 'failed', sentence: "You declined the connection in your phone's wallet; nothing changed." });

    const expired = fakeEmitter();
    const expiry = pending();
    const second = startPairing({ emitter: expired.emitter, connect: () => expiry.promise, onUri: () => {}, undo: () => {} });
    expired.emit({ type: 'display_uri', data: uri });
    expiry.reject(new Error('Proposal expired'));
    expect(await second.outcome).toEqual({ kind: 'failed', sentence: "Your phone's wallet did not connect through WalletConnect: Proposal expired" });
  });

  it('ends at Cancel, and undoes a connection the phone approves afterwards', async () => {
    const { emitter, emit } = fakeEmitter();
    const connect = pending();
    const undo = vi.fn();
    const pairing = startPairing({ emitter, connect: () => connect.promise, onUri: () => {}, undo });
    emit({ type: 'display_uri', data: uri });
    pairing.cancel();
    expect(await pairing.outcome).toEqual({ kind: 'cancelled' });
    connect.resolve({});
    await vi.waitFor(() => expect(undo).toHaveBeenCalledOnce());
  });
});

const render = (element: Parameters<typeof renderToStaticMarkup>[0]) => renderToStaticMarkup(element).replaceAll('&#x27;', "'").replaceAll('’', "'");

describe('the pairing dialog', () => {
  it('shows the link as a QR code with Copy link and Cancel', () => {
    const html = render(createElement(WalletConnectQr, { pairing: { uri, cancel: () => {} } }));
    expect(html).toContain('role="dialog"');
    expect(html).toContain("Scan with your phone's wallet</h3>");
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-label="QR code of the WalletConnect link"/);
    expect(html).toContain('>Copy link</button>');
    expect(html).toContain('>Cancel</button>');
  });

  it('says it is reaching the relay until the link comes, with nothing to copy yet', () => {
    const html = render(createElement(WalletConnectQr, { pairing: { uri: null, cancel: () => {} } }));
    expect(html).toContain("Reaching WalletConnect's relay…");
    expect(html).not.toContain('<svg');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Copy link<\/button>/);
  });
});

describe('the connect panel', () => {
  const connector = (id: string, name: string) => ({ id, uid: id, name }) as Connector;
  const wallet = (connectors: Connector[]): WalletContextValue => ({
    address: null, chainId: null, connected: false, linked: false, linking: false, marketChain: knownMarketplaces[0]!, wrongChain: false,
    chainName: (id) => `chain ${id}`, connectors, busy: false,
    connect: async () => {}, disconnect: async () => {}, switchToMarketChain: async () => {}, linkAgain: () => {}, error: null,
  });
  const panel = (connectors: Connector[]) => render(createElement(WalletContext.Provider, { value: wallet(connectors) }, createElement(ConnectWalletPanel)));

  it('lists WalletConnect when it is configured', () => {
    const html = panel([connector('frame', 'Frame'), connector('walletConnect', 'WalletConnect')]);
    expect(html).toContain('>Connect WalletConnect</button>');
    expect(html).toContain('WalletConnect connects a wallet on your phone');
  });

  it('points to the project id when it is not', () => {
    const html = panel([connector('frame', 'Frame')]);
    expect(html).not.toContain('Connect WalletConnect');
    expect(html).toContain('save a WalletConnect project id on this page');
  });
});

describe("the Wallet page's WalletConnect section", () => {
  const api: HearthApi = { call: () => Promise.reject(new Error('not called while rendering')), on: () => () => {} };

  it('explains the project id and offers the field and Save', () => {
    const html = render(createElement(WalletConnectSection, { api }));
    expect(html).toContain('<h2 id="wallet-page-walletconnect">WalletConnect</h2>');
    expect(html).toContain('cloud.reown.com');
    expect(html).toMatch(/<label[^>]*>WalletConnect project id<input/);
    expect(html).toContain('>Save</button>');
  });
});
