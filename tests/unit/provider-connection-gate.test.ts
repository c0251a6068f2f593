/**
 * Who may hold a connection to a provider, and for how long, on a clock the
 * test moves: per-address and total caps for strangers, eviction of the
 * oldest connection still waiting, room kept for proven addresses,
 * deadlines that trickled bytes never push back, the floor rate; and the
 * signed refusals, signed once a second per text.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { publicKeyOf } from '../../src/market/morrpc/signature.ts';
import { errorHasValidSignature } from '../../src/market/morrpc/signing.ts';
import { ConnectionGate, type ConnectionLimits, type Cut } from '../../src/provider/connection-gate.ts';
import { peerAddressKey } from '../../src/provider/peer-address.ts';
import { RecentlySeen } from '../../src/provider/recently-seen.ts';
import { defaultServerLimits } from '../../src/provider/server.ts';
import { SignedRefusals } from '../../src/provider/signed-refusals.ts';

/** The provider's default deadlines and rate, with caps small enough to fill by hand. */
const limits: ConnectionLimits = { ...defaultServerLimits, waitingPerAddress: 3, waitingTotal: 5, provenWaitingTotal: 2 };

function gateAt(overrides: Partial<ConnectionLimits> = {}) {
  const clock = { now: 0 };
  const gate = new ConnectionGate<string>({ ...limits, ...overrides }, () => clock.now);
  const cutsAt = (ms: number): Array<[string, Cut]> => {
    clock.now = ms;
    return gate.overdue();
  };
  return { gate, clock, cutsAt };
}

describe('the provider’s connection gate', () => {
  it('lets one stranger address hold only a few connections waiting for their request; other addresses still get in', () => {
    const { gate } = gateAt();
    expect(['a1', 'a2', 'a3'].map((c) => gate.admit(c, '10.0.0.1', false).admitted)).toEqual([true, true, true]);
    expect(gate.admit('a4', '10.0.0.1', false)).toEqual({ admitted: false });
    expect(gate.admit('b1', '10.0.0.2', false)).toEqual({ admitted: true });
    // Once a connection has sent its request, its address has room again.
    gate.answering('a1');
    expect(gate.admit('a5', '10.0.0.1', false)).toEqual({ admitted: true });
  });

  it('past the total, the oldest connection still waiting makes room for a newcomer; one already answering is never evicted', () => {
    const { gate } = gateAt();
    gate.admit('answering', '10.0.0.9', false);
    gate.answering('answering');
    for (let i = 1; i <= 5; i++) expect(gate.admit(`w${i}`, `10.0.1.${i}`, false)).toEqual({ admitted: true });
    expect(gate.admit('newcomer', '10.0.2.1', false)).toEqual({ admitted: true, evicted: 'w1' });
    expect(gate.admit('next', '10.0.2.2', false)).toEqual({ admitted: true, evicted: 'w2' });
    expect(gate.size).toBe(6);
    // The newcomer sends its request at once: it is answering, and the next arrivals evict the others.
    gate.answering('newcomer');
    const evicted = ['x1', 'x2', 'x3', 'x4', 'x5'].map((c, i) => gate.admit(c, `10.0.3.${i}`, false));
    expect(evicted.map((a) => (a.admitted ? a.evicted ?? 'none' : 'refused'))).toEqual(['none', 'w3', 'w4', 'w5', 'next']);
  });

  it('keeps room for proven addresses that no stranger flood reaches, without the strangers’ per-address cap', () => {
    const { gate } = gateAt({ provenWaitingTotal: 5 });
    for (let i = 0; i < 50; i++) gate.admit(`flood${i}`, `10.0.4.${i}`, false);
    // Five from one proven address, where a stranger gets three.
    const proven = ['p1', 'p2', 'p3', 'p4', 'p5'].map((c) => gate.admit(c, '10.0.9.9', true));
    expect(proven.every((a) => a.admitted && a.evicted === undefined)).toBe(true);
    // The strangers' flood goes on: it evicts only strangers.
    expect(gate.admit('flood50', '10.0.4.50', false)).toEqual({ admitted: true, evicted: 'flood45' });
    // Past its own room, a proven address's oldest waiting connection goes; one already answering stays.
    gate.answering('p1');
    expect(gate.admit('p6', '10.0.9.9', true)).toEqual({ admitted: true });
    expect(gate.admit('p7', '10.0.9.9', true)).toEqual({ admitted: true, evicted: 'p2' });
  });

  it('holds a refused or evicted connection for a second before it is closed, and only so many at once', () => {
    const { gate, cutsAt } = gateAt({ waitingTotal: 4, heldMax: 2 });
    for (const c of ['a1', 'a2', 'a3']) gate.admit(c, '10.0.0.1', false);
    expect(gate.admit('a4', '10.0.0.1', false)).toEqual({ admitted: false });
    expect(gate.hold('a4')).toBe(true);
    gate.admit('b1', '10.0.0.2', false);
    const admission = gate.admit('b2', '10.0.0.2', false);
    expect(admission).toEqual({ admitted: true, evicted: 'a1' });
    expect(gate.hold('a1')).toBe(true);
    // No room to hold a third: the caller closes it at once, and the gate keeps nothing of it.
    expect(gate.admit('a5', '10.0.0.1', false)).toEqual({ admitted: true, evicted: 'a2' });
    expect(gate.hold('a2')).toBe(false);
    expect(gate.size).toBe(6);
    expect(cutsAt(999)).toEqual([]);
    expect(cutsAt(1_000)).toEqual([['a4', 'hold-over'], ['a1', 'hold-over']]);
    gate.leave('a4');
    gate.leave('a1');
    expect(gate.admit('a6', '10.0.0.1', false)).toMatchObject({ admitted: true });
    expect(gate.hold('a7')).toBe(true);
  });

  it('cuts a request at its deadline from connect however steadily bytes keep arriving', () => {
    const { gate, cutsAt } = gateAt();
    gate.admit('steady', '10.0.0.1', false);
    for (let ms = 0; ms < 30_000; ms += 500) {
      expect(cutsAt(ms)).toEqual([]);
      gate.received('steady', 8_192);
    }
    expect(cutsAt(30_000)).toEqual([['steady', 'request-deadline']]);
  });

  it('cuts a trickle just after the grace, but not a 1 MiB request arriving over a 300 kbit/s link', () => {
    const { gate, cutsAt } = gateAt();
    gate.admit('trickle', '10.0.0.1', false);
    gate.admit('idle', '10.0.0.2', false);
    gate.admit('upload', '10.0.0.3', false);
    const slowLinkBytesPerSecond = 300_000 / 8;
    let uploaded = 0;
    for (let ms = 0; ms <= 2_000; ms += 100) {
      expect(cutsAt(ms)).toEqual([]);
      if (ms % 1_000 === 0) gate.received('trickle', 1);
      gate.received('upload', slowLinkBytesPerSecond / 10);
      uploaded += slowLinkBytesPerSecond / 10;
    }
    expect(cutsAt(2_100)).toEqual([['trickle', 'too-slow'], ['idle', 'too-slow']]);
    gate.closing('trickle');
    gate.closing('idle');
    for (let ms = 2_100; uploaded < 1024 * 1024; ms += 100) {
      gate.received('upload', slowLinkBytesPerSecond / 10);
      uploaded += slowLinkBytesPerSecond / 10;
      expect(cutsAt(ms).filter(([c]) => c === 'upload')).toEqual([]);
    }
    gate.answering('upload');
    expect(cutsAt(29_000).filter(([c]) => c === 'upload')).toEqual([]);
  });

  it('destroys a connection at an absolute time after its reply, and any connection at the end of its life', () => {
    const { gate, cutsAt } = gateAt();
    gate.admit('replied', '10.0.0.1', false);
    gate.admit('streaming', '10.0.0.2', true);
    gate.answering('replied');
    gate.answering('streaming');
    cutsAt(1_000);
    gate.closing('replied');
    // Bytes still arriving on a closing connection change nothing.
    gate.received('replied', 10_000);
    expect(cutsAt(5_999)).toEqual([]);
    expect(cutsAt(6_000)).toEqual([['replied', 'close-deadline']]);
    gate.leave('replied');
    expect(cutsAt(30 * 60_000 - 1)).toEqual([]);
    expect(cutsAt(30 * 60_000)).toEqual([['streaming', 'lifetime']]);
  });

  it('keeps nothing for connections that are gone: per-address counts leave with their last connection', () => {
    const { gate } = gateAt({ waitingTotal: 10_000 });
    for (let i = 0; i < 3_000; i++) gate.admit(`c${i}`, `10.1.${i >> 8}.${i & 255}`, i % 2 === 0);
    expect(gate.addressesWaiting).toBe(1_500);
    for (let i = 0; i < 3_000; i += 3) gate.answering(`c${i}`);
    for (let i = 1; i < 3_000; i += 3) gate.closing(`c${i}`);
    for (let i = 0; i < 3_000; i++) gate.leave(`c${i}`);
    expect(gate.size).toBe(0);
    expect(gate.addressesWaiting).toBe(0);
    expect(gate.admit('after', '10.1.0.1', false)).toEqual({ admitted: true });
  });
});

describe('addresses proven by a paying consumer', () => {
  it('are remembered for a while, and only so many of them', () => {
    const clock = { now: 0 };
    const proven = new RecentlySeen({ ttlMs: 10 * 60_000, max: 100, now: () => clock.now });
    for (let i = 0; i < 150; i++) proven.add(`10.2.0.${i}`);
    expect(proven.size).toBe(100);
    expect(proven.has('10.2.0.0')).toBe(false);
    expect(proven.has('10.2.0.149')).toBe(true);
    clock.now = 10 * 60_000;
    expect(proven.has('10.2.0.149')).toBe(false);
  });

  it('count per IPv4 address and per IPv6 /64, so one host cannot take a fresh address per connection', () => {
    expect(peerAddressKey('127.0.1.7')).toBe('127.0.1.7');
    expect(peerAddressKey('::ffff:127.0.1.7')).toBe('127.0.1.7');
    expect(peerAddressKey('2001:db8:1:2::1')).toBe(peerAddressKey('2001:db8:1:2:ffff:1:2:3'));
    expect(peerAddressKey('2001:db8:1:2::1')).not.toBe(peerAddressKey('2001:db8:1:3::1'));
    expect(peerAddressKey('fe80::1%eth0')).toBe(peerAddressKey('fe80::2'));
    expect(peerAddressKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('refusals signed at most once a second per text', () => {
  const key = secp256k1.utils.randomSecretKey();
  const providerPublicKey = publicKeyOf(key);

  it('hands out the same signed body within a second, a freshly signed one after, each a valid signed error', () => {
    const clock = { now: 1_000_000 };
    const refusals = new SignedRefusals(key, () => clock.now);
    const first = refusals.body('MORRPC_MALFORMED: x');
    clock.now += 999;
    expect(refusals.body('MORRPC_MALFORMED: x')).toBe(first);
    expect(errorHasValidSignature(first, providerPublicKey)).toBe(true);
    clock.now += 1;
    const second = refusals.body('MORRPC_MALFORMED: x');
    expect(second).not.toBe(first);
    expect(second.data.timestamp).toBe(clock.now);
    expect(errorHasValidSignature(second, providerPublicKey)).toBe(true);
    expect(refusals.body('MORRPC_INCOMPLETE: y').message).toBe('MORRPC_INCOMPLETE: y');
  });

  it('keeps a bounded number of texts, dropping the oldest', () => {
    const clock = { now: 0 };
    const refusals = new SignedRefusals(key, () => clock.now);
    const oldest = refusals.body('text 0');
    const recent = refusals.body('text 1');
    for (let i = 2; i <= 256; i++) refusals.body(`text ${i}`);
    expect(refusals.body('text 0')).not.toBe(oldest);
    expect(refusals.body('text 1')).not.toBe(recent);
    expect(refusals.body('text 256')).toBe(refusals.body('text 256'));
  });
});
