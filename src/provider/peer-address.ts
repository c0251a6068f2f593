/**
 * The address a connection counts against in the provider's per-address
 * limits: an IPv4 address (also when it arrives IPv4-mapped on an IPv6
 * socket), or an IPv6 address's /64 prefix, since one host is usually given
 * a whole /64 and could otherwise open each connection from a new address.
 */
import net from 'node:net';

const mappedIpv4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** The eight 16-bit groups of an IPv6 address, `::` expanded (an embedded IPv4 tail counts as two). */
function ipv6Groups(address: string): number[] {
  const parse = (part: string) => (part === '' ? [] : part.split(':')).flatMap((group) => {
    if (!group.includes('.')) return [parseInt(group, 16)];
    const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
    return [(a << 8) | b, (c << 8) | d];
  });
  const [head = '', tail] = address.split('::');
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

export function peerAddressKey(remoteAddress: string): string {
  const withoutZone = remoteAddress.split('%', 1)[0] ?? remoteAddress;
  const ipv4 = mappedIpv4.exec(withoutZone)?.[1];
  if (ipv4) return ipv4;
  if (!net.isIPv6(withoutZone)) return withoutZone;
  return `${ipv6Groups(withoutZone).slice(0, 4).map((group) => group.toString(16)).join(':')}::/64`;
}
