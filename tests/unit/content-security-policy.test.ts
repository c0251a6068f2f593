/**
 * The browser page may reach Hearth's API, the marketplace's node and the Frame wallet, and, while a
 * WalletConnect project id is set, WalletConnect's relay and Verify frame: no other address. The hosts follow
 * the setting as the core reports it.
 */
import { describe, expect, it, vi } from 'vitest';
import type { EventMessage } from '../../src/api/wire.ts';
import {
  browserContentSecurityPolicy,
  followWalletSources,
  walletConnectOrigins,
  walletConnectSources,
} from '../../src/server/content-security-policy.ts';

const directive = (policy: string, name: string) => policy.split('; ').find((part) => part.startsWith(`${name} `))?.split(' ').slice(1);
const connectSources = (policy: string) => directive(policy, 'connect-src');
const frameSources = (policy: string) => directive(policy, 'frame-src');

describe('the browser page’s connect sources', () => {
  it('name the marketplace’s node by its origin, and Frame', () => {
    const policy = browserContentSecurityPolicy(walletConnectSources({ rpcUrl: 'https://base-rpc.example.org:8443/v1/key?x=1', walletConnect: false }));
    expect(connectSources(policy)).toEqual([
      "'self'", 'ws://127.0.0.1:*', 'ws://localhost:*', 'https://base-rpc.example.org:8443', 'http://127.0.0.1:1248',
    ]);
    expect(frameSources(policy)).toEqual(["'self'"]);
  });

  it('name Frame alone without a marketplace, and once when the node is Frame’s own address', () => {
    const frameOnly = walletConnectSources({ rpcUrl: undefined, walletConnect: false });
    expect(connectSources(browserContentSecurityPolicy(frameOnly))!.slice(3)).toEqual(['http://127.0.0.1:1248']);
    expect(walletConnectSources({ rpcUrl: 'http://127.0.0.1:1248', walletConnect: false })).toEqual({ connect: ['http://127.0.0.1:1248'], frame: [] });
  });

  it('add WalletConnect’s relay and Verify frame, and nothing else, while a project id is set', () => {
    expect(walletConnectOrigins).toEqual({ connect: ['wss://relay.walletconnect.org'], frame: ['https://verify.walletconnect.org'] });
    const sources = walletConnectSources({ rpcUrl: 'https://base-rpc.example.org/v1', walletConnect: true });
    expect(sources).toEqual({
      connect: ['https://base-rpc.example.org', 'http://127.0.0.1:1248', 'wss://relay.walletconnect.org'],
      frame: ['https://verify.walletconnect.org'],
    });
    const policy = browserContentSecurityPolicy(sources);
    expect(connectSources(policy)).toEqual([
      "'self'", 'ws://127.0.0.1:*', 'ws://localhost:*', 'https://base-rpc.example.org', 'http://127.0.0.1:1248', 'wss://relay.walletconnect.org',
    ]);
    expect(frameSources(policy)).toEqual(["'self'", 'https://verify.walletconnect.org']);
    expect(walletConnectSources({ rpcUrl: undefined, walletConnect: true }).connect).toEqual(['http://127.0.0.1:1248', 'wss://relay.walletconnect.org']);
  });

  it('keep everything else shut', () => {
    const policy = browserContentSecurityPolicy({ connect: [], frame: [] });
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(connectSources(policy)).toEqual(["'self'", 'ws://127.0.0.1:*', 'ws://localhost:*']);
  });
});

/** A core that answers walletConnect.get from `projectId` (or refuses, as a locked one does) and lets the test send events. */
function fakeCore(initial: { projectId: string | null } | 'locked') {
  let answer = initial;
  const listeners = new Set<(message: EventMessage) => void>();
  return {
    answer(next: { projectId: string | null } | 'locked') {
      answer = next;
    },
    emit(event: EventMessage['event'], payload: unknown) {
      for (const listener of listeners) listener({ type: 'event', event, payload });
    },
    call: async (method: string) => {
      expect(method).toBe('walletConnect.get');
      if (answer === 'locked') throw new Error('locked');
      return answer;
    },
    on(listener: (message: EventMessage) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const projectId = '0123456789abcdef0123456789abcdef';
const hasRelay = (sources: { connect: readonly string[] }) => sources.connect.includes('wss://relay.walletconnect.org');

describe('the followed wallet sources', () => {
  it('read the setting at start, follow its changes, and read it again at unlock', async () => {
    const core = fakeCore({ projectId });
    const followed = followWalletSources(core, undefined);
    await followed.ready;
    expect(hasRelay(followed.current())).toBe(true);

    core.emit('walletConnect.changed', { projectId: null });
    expect(hasRelay(followed.current())).toBe(false);
    core.emit('walletConnect.changed', { projectId });
    expect(hasRelay(followed.current())).toBe(true);

    core.emit('vault.status', { state: 'new' });
    expect(hasRelay(followed.current())).toBe(false);
    core.emit('vault.status', { state: 'unlocked' });
    await vi.waitFor(() => expect(hasRelay(followed.current())).toBe(true));
  });

  it('leave WalletConnect out while the data is locked', async () => {
    const core = fakeCore('locked');
    const followed = followWalletSources(core, 'http://127.0.0.1:8545');
    await followed.ready;
    expect(followed.current()).toEqual({ connect: ['http://127.0.0.1:8545', 'http://127.0.0.1:1248'], frame: [] });
  });

  it('let a change reported while a read is under way win over that read', async () => {
    const core = fakeCore({ projectId: null });
    const followed = followWalletSources(core, undefined);
    core.emit('walletConnect.changed', { projectId });
    await followed.ready;
    expect(hasRelay(followed.current())).toBe(true);
  });
});
