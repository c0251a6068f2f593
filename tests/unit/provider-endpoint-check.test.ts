import { describe, expect, it } from 'vitest';
import { HearthError } from '../../src/api/errors.ts';
import { devChainId } from '../../src/market/devchain/dev-accounts.ts';
import { checkEndpoint, describeRegisteredEndpoint, plannedEndpoint } from '../../src/provider/endpoint-check.ts';

const base = { chainId: 8453n, behindTunnel: false };
const tunnel = { chainId: 8453n, behindTunnel: true };
const dev = { chainId: BigInt(devChainId), behindTunnel: false };

/** The refusal's code and sentence, or 'registered'. */
function outcome(run: () => unknown): string {
  try {
    run();
    return 'registered';
  } catch (error) {
    if (error instanceof HearthError) return `${error.code}: ${error.shortMessage}`;
    throw error;
  }
}

/** The error a start would be refused with; fails the test when there is none. */
function refusal(run: () => unknown): HearthError {
  try {
    run();
  } catch (error) {
    if (error instanceof HearthError) return error;
    throw error;
  }
  throw new Error('expected a refusal, and the endpoint was accepted');
}

const kindOf = (endpoint: string) => checkEndpoint(endpoint, dev).kind;

describe('the endpoint a provider registers, off the dev chain', () => {
  it('registers a public IPv4 or IPv6 address, or a public host name, as given', () => {
    expect(checkEndpoint('8.8.8.8:3333', base)).toEqual({ endpoint: '8.8.8.8:3333', kind: 'public' });
    expect(checkEndpoint('[2606:4700:4700::1111]:443', base)).toEqual({ endpoint: '[2606:4700:4700::1111]:443', kind: 'public' });
    expect(checkEndpoint('provider.example.com:3333', base)).toEqual({ endpoint: 'provider.example.com:3333', kind: 'public' });
    expect(checkEndpoint('Node-1.Provider.xn--p1ai.:1', base).kind).toBe('public');
    expect(checkEndpoint('172.32.0.1:65535', base).kind).toBe('public');
  });

  it('refuses a loopback endpoint in a sentence that names it, and says nothing was staked', () => {
    expect(outcome(() => checkEndpoint('127.0.0.1:4100', base))).toBe(
      'PROVIDER_ENDPOINT_PRIVATE: The endpoint to register, 127.0.0.1:4100, is a loopback address, which only this computer reaches: no consumer elsewhere can connect to it.',
    );
    expect(refusal(() => checkEndpoint('127.0.0.1:4100', base)).action).toBe(
      'Nothing was staked or registered. Pass --endpoint with the public host:port consumers reach you at, or --behind-tunnel if that address is forwarded to you.',
    );
  });

  it.each([
    ['127.0.0.1:80', 'loopback'], ['127.255.0.9:80', 'loopback'], ['[::1]:80', 'loopback'], ['localhost:80', 'loopback'],
    ['LocalHost.:80', 'loopback'], ['api.localhost:80', 'loopback'], ['[::ffff:127.0.0.1]:80', 'loopback'],
    ['10.1.2.3:80', 'private'], ['172.16.0.1:80', 'private'], ['172.31.255.255:80', 'private'], ['192.168.1.20:80', 'private'],
    ['[fc00::1]:80', 'private'], ['[fd12:3456::1]:80', 'private'], ['[::ffff:192.168.0.1]:80', 'private'],
    ['169.254.169.254:80', 'link-local'], ['[fe80::1]:80', 'link-local'], ['[fe80::1%eth0]:80', 'link-local'], ['[febf::1]:80', 'link-local'],
    ['0.0.0.0:80', 'unspecified'], ['[::]:80', 'unspecified'],
    ['100.64.0.1:80', 'shared'], ['100.127.255.254:80', 'shared'],
    ['0.1.2.3:80', 'reserved'], ['192.0.2.1:80', 'reserved'], ['198.51.100.7:80', 'reserved'], ['203.0.113.9:80', 'reserved'],
    ['198.18.0.1:80', 'reserved'], ['224.0.0.1:80', 'reserved'], ['255.255.255.255:80', 'reserved'], ['[2001:db8::1]:80', 'reserved'],
    ['[ff02::1]:80', 'reserved'], ['[100::1]:80', 'reserved'],
    ['printer.local:80', 'local-name'], ['db.internal:80', 'local-name'], ['myserver:80', 'local-name'],
  ])('%s is %s, which no consumer elsewhere reaches: refused', (endpoint, kind) => {
    expect(kindOf(endpoint)).toBe(kind);
    expect(outcome(() => checkEndpoint(endpoint, base))).toMatch(new RegExp(`^PROVIDER_ENDPOINT_PRIVATE: The endpoint to register, ${endpoint.replace(/[[\].]/g, '\\$&')}, is `));
  });

  it('registers a loopback, private, shared or local-name endpoint when told it is forwarded (--behind-tunnel)', () => {
    for (const endpoint of ['127.0.0.1:4100', '192.168.1.20:3333', '100.101.102.103:3333', '[fd00::5]:3333', 'box.internal:3333']) {
      expect(checkEndpoint(endpoint, tunnel)).toMatchObject({ endpoint, allowedBy: 'behind-tunnel' });
    }
  });

  it('refuses the unspecified address even behind a tunnel: a consumer connecting to it reaches its own computer', () => {
    expect(outcome(() => checkEndpoint('0.0.0.0:3333', tunnel))).toMatch(/^PROVIDER_ENDPOINT_PRIVATE: The endpoint to register, 0\.0\.0\.0:3333, is the unspecified address/);
  });
});

describe('a malformed endpoint', () => {
  const notHostPort = 'is not host:port (an IPv6 address goes in brackets: [2001:db8::1]:3333)';
  const badPort = 'has a port outside 1 to 65535';
  const badBrackets = 'has something other than an IPv6 address in brackets';
  const badHost = 'has a host that is neither an IP address (IPv4 as four numbers, a.b.c.d) nor a host name';

  it.each([
    ['provider.example.com', notHostPort], ['provider.example.com:', notHostPort], ['::1:3333', notHostPort], ['host:port', notHostPort],
    ['8.8.8.8:0', badPort], ['8.8.8.8:65536', badPort],
    ['[1.2.3.4]:80', badBrackets], ['[provider.example.com]:80', badBrackets],
    ['127.1:80', badHost], ['0x7f000001:80', badHost], ['1.2.3.256:80', badHost], ['010.0.0.1:80', badHost],
    ['bad_host.example.com:80', badHost], ['-bad.example.com:80', badHost], [' 8.8.8.8:80', badHost], [':80', badHost],
  ])('%j is refused on any chain, tunnel or not: it %s', (endpoint, problem) => {
    for (const rule of [base, tunnel, dev]) {
      expect(outcome(() => checkEndpoint(endpoint, rule))).toBe(`PROVIDER_ENDPOINT_INVALID: The endpoint to register, ${JSON.stringify(endpoint)}, ${problem}.`);
    }
  });
});

describe('on the dev chain', () => {
  it('registers loopback and every other local address: its consumers run on this computer', () => {
    expect(checkEndpoint('127.0.0.1:4100', dev)).toEqual({ endpoint: '127.0.0.1:4100', kind: 'loopback', allowedBy: 'dev-chain' });
    expect(checkEndpoint('192.168.1.20:4100', dev)).toMatchObject({ kind: 'private', allowedBy: 'dev-chain' });
    expect(checkEndpoint('provider.example.com:4100', dev)).toEqual({ endpoint: 'provider.example.com:4100', kind: 'public' });
  });
});

describe('the endpoint where the provider listens, when none is given', () => {
  it('is the listening address and port, IPv6 in brackets, decided before the port is known', () => {
    expect(plannedEndpoint(undefined, '127.0.0.1', dev)(4100)).toEqual({ endpoint: '127.0.0.1:4100', kind: 'loopback', allowedBy: 'dev-chain' });
    expect(plannedEndpoint(undefined, '::1', dev)(4100)).toMatchObject({ endpoint: '[::1]:4100', kind: 'loopback' });
    expect(plannedEndpoint(undefined, '8.8.8.8', base)(4100)).toEqual({ endpoint: '8.8.8.8:4100', kind: 'public' });
    expect(plannedEndpoint(undefined, '10.0.0.5', tunnel)(4100)).toMatchObject({ endpoint: '10.0.0.5:4100', allowedBy: 'behind-tunnel' });
  });

  it('off the dev chain, listening on loopback is refused before it listens, naming the address', () => {
    expect(outcome(() => plannedEndpoint(undefined, '127.0.0.1', base))).toBe(
      'PROVIDER_ENDPOINT_PRIVATE: The endpoint to register, where the provider listens (127.0.0.1), is a loopback address, which only this computer reaches: no consumer elsewhere can connect to it.',
    );
  });

  it('listening on every interface, the endpoint cannot be guessed: refused off the dev chain, even behind a tunnel, asking for --endpoint', () => {
    for (const host of ['0.0.0.0', '::']) {
      for (const rule of [base, tunnel]) {
        expect(outcome(() => plannedEndpoint(undefined, host, rule))).toBe(
          `PROVIDER_ENDPOINT_PRIVATE: The provider listens on every interface (${host}), so the address consumers reach it at cannot be guessed.`,
        );
      }
    }
    expect(refusal(() => plannedEndpoint(undefined, '0.0.0.0', base)).action).toBe(
      'Nothing was staked or registered. Pass --endpoint with the public host:port consumers reach you at.',
    );
  });

  it('listening on every interface on the dev chain, it registers loopback, which its consumers reach', () => {
    expect(plannedEndpoint(undefined, '0.0.0.0', dev)(4100)).toEqual({ endpoint: '127.0.0.1:4100', kind: 'loopback', allowedBy: 'dev-chain' });
    expect(plannedEndpoint(undefined, '::', dev)(4100)).toEqual({ endpoint: '[::1]:4100', kind: 'loopback', allowedBy: 'dev-chain' });
  });

  it('an --endpoint given wins over where it listens', () => {
    expect(plannedEndpoint('provider.example.com:3333', '0.0.0.0', base)(4100)).toEqual({ endpoint: 'provider.example.com:3333', kind: 'public' });
    expect(outcome(() => plannedEndpoint('10.0.0.5:3333', '0.0.0.0', base))).toMatch(/The endpoint to register, 10\.0\.0\.5:3333, is a private network address/);
  });

  it('a --host that is no address is refused in a sentence', () => {
    expect(outcome(() => plannedEndpoint(undefined, 'not a host', dev))).toBe(
      'PROVIDER_ENDPOINT_INVALID: The address to listen on, "not a host", is neither an IP address nor a host name.',
    );
  });
});

describe('the line the operator reads at start', () => {
  it('says what is registered and whether only this computer or network reaches it', () => {
    expect(describeRegisteredEndpoint({ endpoint: '127.0.0.1:4100', kind: 'loopback', allowedBy: 'dev-chain' })).toBe(
      'Registered endpoint 127.0.0.1:4100: a loopback address, which only this computer reaches; fine on the dev chain, refused on any other.',
    );
    expect(describeRegisteredEndpoint({ endpoint: '10.0.0.5:3333', kind: 'private', allowedBy: 'behind-tunnel' })).toBe(
      'Registered endpoint 10.0.0.5:3333: a private network address, which only computers on that network reach, registered as forwarded to this provider (--behind-tunnel).',
    );
    expect(describeRegisteredEndpoint({ endpoint: 'provider.example.com:3333', kind: 'public' })).toBe(
      'Registered endpoint provider.example.com:3333: a public address or name, which consumers anywhere can reach.',
    );
  });
});
