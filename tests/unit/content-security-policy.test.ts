/** The browser page may reach Hearth's API, the marketplace's node and the Frame wallet, and no other address. */
import { describe, expect, it } from 'vitest';
import { browserContentSecurityPolicy, walletConnectSources } from '../../src/server/content-security-policy.ts';

const connectSources = (policy: string) => policy.split('; ').find((directive) => directive.startsWith('connect-src '))!.split(' ').slice(1);

describe('the browser page’s connect sources', () => {
  it('name the marketplace’s node by its origin, and Frame', () => {
    const policy = browserContentSecurityPolicy(walletConnectSources('https://base-rpc.example.org:8443/v1/key?x=1'));
    expect(connectSources(policy)).toEqual([
      "'self'", 'ws://127.0.0.1:*', 'ws://localhost:*', 'https://base-rpc.example.org:8443', 'http://127.0.0.1:1248',
    ]);
  });

  it('name Frame alone without a marketplace, and once when the node is Frame’s own address', () => {
    expect(connectSources(browserContentSecurityPolicy(walletConnectSources(undefined))).slice(3)).toEqual(['http://127.0.0.1:1248']);
    expect(walletConnectSources('http://127.0.0.1:1248')).toEqual(['http://127.0.0.1:1248']);
  });

  it('keep everything else shut', () => {
    const policy = browserContentSecurityPolicy([]);
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(connectSources(policy)).toEqual(["'self'", 'ws://127.0.0.1:*', 'ws://localhost:*']);
  });
});
