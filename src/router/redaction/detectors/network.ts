/**
 * IP addresses. IPv4 needs four octets of at most 255 without leading
 * zeros and no version word shortly before it on its line (`version
 * 1.2.3.4`, `firmware to 4.3.2.1`, `v1.2.3.4` stay); loopback, unspecified,
 * broadcast, netmasks, public resolvers (8.8.8.8) and CIDR ranges
 * (10.0.0.0/8) are not personal and stay. IPv6 is parsed (groups, one
 * `::`, an IPv4 tail) and must hold a digit, so `cafe::beef`-like code
 * stays, and `::1` stays.
 */
import type { Detector } from '../types.ts';
import { lineBefore, matchSpans } from './match.ts';

const ipv4 = /(?<![\w.:-])(?:\d{1,3}\.){3}\d{1,3}(?![\w-]|\.\d)/g;
const versionWord = /\b(?:v|version|ver|release|build|firmware|chrome|firefox|safari)\b|\b(?:update|upgrade|bump)(?:d|ed)? to\s*$/i;
const validOctets = (value: string) => value.split('.').every((octet) => /^(?:0|[1-9]\d{0,2})$/.test(octet) && Number(octet) <= 255);

/** Public resolvers everyone uses say nothing about the person. */
const wellKnown = new Set(['0.0.0.0', '8.8.8.8', '8.8.4.4', '1.1.1.1', '1.0.0.1', '9.9.9.9']);
/** `10.0.0.0/8`, `2001:db8::/32`: a range in CIDR notation, not a host. */
const isRange = (text: string, end: number, value: string) => /^\/\d/.test(text.slice(end, end + 2)) && /(?:\.0|::)$/.test(value);

function personalIpv4(value: string): boolean {
  const first = value.split('.')[0];
  return validOctets(value) && !wellKnown.has(value) && first !== '127' && first !== '255';
}

const ipv6 = /(?<![\w:])(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}(?:\.\d{1,3}){0,3}(?:%[A-Za-z0-9]+)?(?![\w:])/g;

function ipv6Valid(value: string): boolean {
  let address = value.split('%')[0]!;
  const tail = /:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (tail) {
    if (!validOctets(tail[1]!)) return false;
    address = `${address.slice(0, tail.index)}:0:0`;
  }
  if (address.includes('.') || !/\d/.test(address) || address === '::1') return false;
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  if (!groups.flat().every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return false;
  const count = groups.flat().length;
  return halves.length === 2 ? count >= 1 && count <= 7 : count === 8;
}

export const detectIpAddresses: Detector = (text) => [
  ...matchSpans(
    text,
    ipv4,
    'ip',
    (value, match) =>
      personalIpv4(value) && !isRange(text, match.index + value.length, value) && !versionWord.test(lineBefore(text, match.index, 24)),
  ),
  ...matchSpans(text, ipv6, 'ip', (value, match) => ipv6Valid(value) && !isRange(text, match.index + value.length, value)),
];
