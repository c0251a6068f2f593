/**
 * The endpoint a provider registers on chain: consumers read it there and
 * connect to it, so it must be a host and port they can reach. Off the dev
 * chain, a loopback, private, link-local or otherwise non-public address,
 * or a name only a local network resolves, is refused before anything is
 * staked, unless the operator says it is forwarded to them (a tunnel, or a
 * VPN both sides share). Names are not resolved here: where a public name
 * points is the operator's DNS, and consumers resolve it themselves.
 */
import net from 'node:net';
import { errorCodes, HearthError } from '../api/errors.ts';
import { devChainId } from '../market/devchain/dev-accounts.ts';

/** Who can reach a host, as far as its address or name tells. */
export type AddressKind = 'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'shared' | 'reserved' | 'local-name';

export interface EndpointRule {
  /** The marketplace's chain: on the dev chain every consumer runs nearby, so any address will do. */
  chainId: bigint;
  /** The operator says a non-public endpoint is forwarded to this provider. */
  behindTunnel: boolean;
}

export interface RegisteredEndpoint {
  /** "host:port", or "[IPv6 address]:port". */
  endpoint: string;
  kind: AddressKind;
  /** Why an endpoint that is not public is registered anyway; absent for a public one. */
  allowedBy?: 'dev-chain' | 'behind-tunnel';
}

const kindWords: Record<AddressKind, string> = {
  public: 'a public address or name, which consumers anywhere can reach',
  loopback: 'a loopback address, which only this computer reaches',
  private: 'a private network address, which only computers on that network reach',
  'link-local': 'a link-local address, which only computers on the same network link reach',
  unspecified: 'the unspecified address, which means every interface to a listener and no computer to a consumer',
  shared: 'a shared (carrier-grade NAT) address, which only the carrier\u2019s network reaches',
  reserved: 'an address reserved for documentation, testing, multicast or future use, which the internet does not route',
  'local-name': 'a name that only a local network resolves',
};

/** The special-purpose ranges (IANA's registries), checked in this order; an IP address in none of them is public. */
const specialRanges: [AddressKind, string[]][] = [
  ['unspecified', ['0.0.0.0/32', '::/128']],
  ['loopback', ['127.0.0.0/8', '::1/128']],
  ['private', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7']],
  ['link-local', ['169.254.0.0/16', 'fe80::/10']],
  ['shared', ['100.64.0.0/10']],
  ['reserved', [
    '0.0.0.0/8', '192.0.0.0/24', '192.0.2.0/24', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
    // IPv6: documentation, and everything outside global unicast (2000::/3).
    '2001:db8::/32', '::/3', '4000::/2', '8000::/1',
  ]],
];

/**
 * One BlockList per kind and family. An IPv4 address is checked against the
 * IPv4 ranges only (BlockList would match it, mapped, against ::/3); an IPv6
 * one against both, so an IPv4-mapped address counts as its IPv4 address.
 */
const rangeLists = specialRanges.map(([kind, subnets]) => {
  const lists = { ipv4: new net.BlockList(), ipv6: new net.BlockList() };
  for (const subnet of subnets) {
    const [address = '', prefix] = subnet.split('/');
    const family = net.isIPv6(address) ? 'ipv6' : 'ipv4';
    if (family === 'ipv4') lists.ipv4.addSubnet(address, Number(prefix), family);
    lists.ipv6.addSubnet(address, Number(prefix), family);
  }
  return { kind, lists };
});

function kindOfAddress(address: string, family: 'ipv4' | 'ipv6'): AddressKind {
  const withoutZone = address.replace(/%.*$/, '');
  return rangeLists.find(({ lists }) => lists[family].check(withoutZone, family))?.kind ?? 'public';
}

const nameLabel = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const localSuffixes = ['.local', '.internal'];

/**
 * A DNS name's kind, or null when it is not a name. Its last label (the
 * top-level domain) starts with a letter, so shorthand IPv4 that resolvers
 * read as an address ("127.1", "0x7f000001") is no name; a name without a
 * dot resolves only on a local network's search domain.
 */
function kindOfName(host: string): AddressKind | null {
  const name = host.toLowerCase().replace(/\.$/, '');
  const labels = name.split('.');
  if (name.length > 253 || !labels.every((label) => nameLabel.test(label)) || !/^[a-z]/.test(labels.at(-1)!)) return null;
  if (name === 'localhost' || name.endsWith('.localhost')) return 'loopback';
  if (labels.length === 1 || localSuffixes.some((suffix) => name.endsWith(suffix))) return 'local-name';
  return 'public';
}

/** A host's kind, or null when it is neither an IP address nor a DNS name. */
function kindOfHost(host: string): AddressKind | null {
  if (net.isIPv4(host)) return kindOfAddress(host, 'ipv4');
  if (net.isIPv6(host)) return kindOfAddress(host, 'ipv6');
  return kindOfName(host);
}

const isDevChain = (rule: EndpointRule) => rule.chainId === BigInt(devChainId);
const endpointOf = (host: string, port: number) => (net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`);

type Reach = Omit<RegisteredEndpoint, 'endpoint'>;

/** Whether a host of this kind may be registered; `named` shows the endpoint in the sentence when it may not. */
function reachOf(named: string, kind: AddressKind, rule: EndpointRule): Reach {
  if (kind === 'public') return { kind };
  if (isDevChain(rule)) return { kind, allowedBy: 'dev-chain' };
  // No tunnel delivers to the unspecified address: a consumer connecting to it reaches its own computer.
  if (rule.behindTunnel && kind !== 'unspecified') return { kind, allowedBy: 'behind-tunnel' };
  throw new HearthError('PROVIDER_ENDPOINT_PRIVATE', {
    message: `The endpoint to register, ${named}, is ${kindWords[kind]}: no consumer elsewhere can connect to it.`,
    action: kind === 'unspecified'
      ? 'Nothing was staked or registered. Pass --endpoint with the public host:port consumers reach you at.'
      : `Nothing was staked or registered. ${errorCodes.PROVIDER_ENDPOINT_PRIVATE.action}`,
    details: `on chain id ${rule.chainId}; only the dev chain (${devChainId}) takes any address`,
  });
}

function refuseMalformed(endpoint: string, problem: string): never {
  throw new HearthError('PROVIDER_ENDPOINT_INVALID', {
    message: `The endpoint to register, ${JSON.stringify(endpoint.slice(0, 200))}, ${problem}.`,
    action: 'Nothing was staked or registered. Pass --endpoint as the host:port consumers reach you at, for example provider.example.com:3333 or [2001:db8::1]:3333.',
  });
}

/** Checks an endpoint given as "host:port" (an IPv6 address in brackets) against the rule. */
export function checkEndpoint(endpoint: string, rule: EndpointRule): RegisteredEndpoint {
  const match = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d+)$/.exec(endpoint);
  if (!match) refuseMalformed(endpoint, 'is not host:port (an IPv6 address goes in brackets: [2001:db8::1]:3333)');
  const port = Number(match[3]);
  if (port < 1 || port > 65_535) refuseMalformed(endpoint, 'has a port outside 1 to 65535');
  const bracketed = match[1];
  const host = bracketed ?? match[2]!;
  if (bracketed !== undefined && !net.isIPv6(bracketed)) refuseMalformed(endpoint, 'has something other than an IPv6 address in brackets');
  const kind = kindOfHost(host);
  if (kind === null) refuseMalformed(endpoint, 'has a host that is neither an IP address (IPv4 as four numbers, a.b.c.d) nor a host name');
  return { endpoint, ...reachOf(endpoint, kind, rule) };
}

/**
 * The endpoint to register, decided before the provider listens so that a
 * refusal comes before its model loads: the one given, or else where it
 * listens, its port known once it listens. A listener on every interface
 * (0.0.0.0, ::) does not know which address consumers reach it at; on the
 * dev chain they run on this computer, so it registers loopback.
 */
export function plannedEndpoint(given: string | undefined, listenHost: string, rule: EndpointRule): (port: number) => RegisteredEndpoint {
  if (given !== undefined) {
    const checked = checkEndpoint(given, rule);
    return () => checked;
  }
  const kind = kindOfHost(listenHost);
  if (kind === null) {
    throw new HearthError('PROVIDER_ENDPOINT_INVALID', {
      message: `The address to listen on, ${JSON.stringify(listenHost.slice(0, 200))}, is neither an IP address nor a host name.`,
      action: 'Pass --host with an address of this computer, such as 127.0.0.1 or 0.0.0.0 (every interface, with --endpoint).',
    });
  }
  if (kind === 'unspecified') {
    if (!isDevChain(rule)) {
      throw new HearthError('PROVIDER_ENDPOINT_PRIVATE', {
        message: `The provider listens on every interface (${listenHost}), so the address consumers reach it at cannot be guessed.`,
        action: 'Nothing was staked or registered. Pass --endpoint with the public host:port consumers reach you at.',
      });
    }
    const loopback = net.isIPv6(listenHost) ? '::1' : '127.0.0.1';
    return (port) => ({ endpoint: endpointOf(loopback, port), kind: 'loopback', allowedBy: 'dev-chain' });
  }
  const reach = reachOf(`where the provider listens (${listenHost})`, kind, rule);
  return (port) => ({ endpoint: endpointOf(listenHost, port), ...reach });
}

/** One line for the operator: what is registered, and who can reach it. */
export function describeRegisteredEndpoint({ endpoint, kind, allowedBy }: RegisteredEndpoint): string {
  const reach = `Registered endpoint ${endpoint}: ${kindWords[kind]}`;
  if (allowedBy === 'dev-chain') return `${reach}; fine on the dev chain, refused on any other.`;
  if (allowedBy === 'behind-tunnel') return `${reach}, registered as forwarded to this provider (--behind-tunnel).`;
  return `${reach}.`;
}
