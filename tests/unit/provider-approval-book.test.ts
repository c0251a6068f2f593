/**
 * What a provider remembers for strangers is bounded, and nothing a
 * stranger asks for changes what a user gets: approvals are never pushed
 * ahead of the provider's clock nor dropped for newer ones, the same
 * request gets the same approval, and the bid and session ids a chain read
 * found foreign are remembered for a while, a bounded number of them.
 */
import { describe, expect, it } from 'vitest';
import { HearthError } from '../../src/api/errors.ts';
import { ApprovalBook, type Asker } from '../../src/provider/approval-book.ts';
import { RecentlySeen } from '../../src/provider/recently-seen.ts';
import { SessionRegistry } from '../../src/provider/session-registry.ts';
import type { Hex } from '../../src/market/morrpc/messages.ts';

const bidId = `0x${'b1'.repeat(32)}` as Hex;
const user = `0x${'a1'.repeat(20)}` as Hex;
const keyOf = (n: number) => `0x04${n.toString(16).padStart(128, '0')}` as Hex;
const approvalOf = (n: number) => `0x${n.toString(16).padStart(256, '0')}` as Hex;

function codeOf(run: () => unknown): string {
  try {
    run();
    return 'no error';
  } catch (error) {
    return error instanceof HearthError ? error.code : String(error);
  }
}

const limits = { backdateSeconds: 120, keepSeconds: 900, maxKept: 10_000, perAddress: 10_000, perAddressAndUser: 10_000, strangersPerUser: 10_000 };
const anyone: Asker = { address: '198.51.100.7', proven: false };

/** Issues an approval the way the provider does: reserve a second, then remember what was signed. */
function issue(book: ApprovalBook, n: number, now: bigint, who: Hex = user, asker: Asker = anyone): bigint {
  const second = book.reserveSecond(bidId, who, now, asker);
  book.remember({ bidId, user: who, key: keyOf(n), requestedAt: n }, asker, { approval: approvalOf(n), approvalSig: '0x', key: keyOf(n), timestamp: second });
  return second;
}

describe('the approval book', () => {
  it('dates a second approval for the same user and bid in the same second earlier, never later, so a flood cannot date the user’s approval ahead', () => {
    const book = new ApprovalBook(limits);
    const now = 1_000_000n;
    const flood = Array.from({ length: 90 }, (_, n) => issue(book, n, now));
    expect(Math.max(...flood.map(Number))).toBe(Number(now));
    expect(new Set(flood).size).toBe(90);
    const users = issue(book, 999, now);
    expect(users <= now).toBe(true);
    expect(flood).not.toContain(users);
  });

  it('keeps every approval until the chain would refuse it, however many are issued after it', () => {
    const book = new ApprovalBook(limits);
    issue(book, 1, 5_000n);
    for (let n = 2; n < 2_000; n++) issue(book, n, 5_000n + BigInt(n % 600), `0x${n.toString(16).padStart(40, '0')}` as Hex);
    expect(book.keyOf(approvalOf(1))).toBe(keyOf(1));
  });

  it('refuses new approvals when too many are outstanding instead of dropping kept ones, and takes them again once old ones expire', () => {
    const book = new ApprovalBook({ ...limits, maxKept: 3 });
    for (let n = 0; n < 3; n++) issue(book, n, 100n + BigInt(n), `0x${n.toString(16).padStart(40, '0')}` as Hex);
    expect(codeOf(() => book.reserveSecond(bidId, user, 200n, anyone))).toBe('PROVIDER_OVERLOADED');
    expect(book.keyOf(approvalOf(0))).toBe(keyOf(0));
    expect(book.size).toBe(3);
    expect(codeOf(() => issue(book, 7, 100n + 900n))).toBe('no error');
    expect(book.keyOf(approvalOf(0))).toBeUndefined();
    expect(book.size).toBe(3);
  });

  it('says when a user’s recent seconds are all taken, and frees a second whose approval could not be signed', () => {
    const book = new ApprovalBook({ ...limits, backdateSeconds: 2 });
    for (let n = 0; n < 3; n++) issue(book, n, 50n);
    expect(codeOf(() => book.reserveSecond(bidId, user, 50n, anyone))).toBe('PROVIDER_APPROVALS_EXHAUSTED');
    expect(book.reserveSecond(bidId, user, 51n, anyone)).toBe(51n);
    book.releaseSecond(bidId, user, 51n, anyone);
    expect(book.reserveSecond(bidId, user, 51n, anyone)).toBe(51n);
  });

  it('lets one address take only its share of a user’s seconds and of the book, unless it has proven it pays for a session', () => {
    const book = new ApprovalBook({ ...limits, perAddress: 7, perAddressAndUser: 3 });
    for (let n = 0; n < 3; n++) issue(book, n, 70n);
    expect(codeOf(() => issue(book, 3, 70n))).toBe('PROVIDER_APPROVALS_EXHAUSTED');
    expect(codeOf(() => issue(book, 4, 70n, user, { address: '203.0.113.9', proven: false }))).toBe('no error');
    expect(codeOf(() => issue(book, 5, 70n, user, { ...anyone, proven: true }))).toBe('no error');
    const others = (n: number) => `0x${(n + 100).toString(16).padStart(40, '0')}` as Hex;
    for (let n = 0; n < 3; n++) issue(book, 10 + n, 70n, others(n));
    expect(codeOf(() => issue(book, 20, 70n, others(9)))).toBe('PROVIDER_APPROVALS_EXHAUSTED');
    // Its seconds and share come back as its approvals expire.
    expect(codeOf(() => issue(book, 21, 70n + 900n, others(9)))).toBe('no error');
  });

  it('leaves half of a user’s seconds to consumers already paying here, however many addresses a flood naming the user comes from', () => {
    const book = new ApprovalBook({ ...limits, perAddressAndUser: 2, strangersPerUser: 60 });
    const flood = Array.from({ length: 200 }, (_, n) => codeOf(() => issue(book, n, 90n, user, { address: `198.51.100.${n}`, proven: false })));
    expect(flood.filter((code) => code === 'no error')).toHaveLength(60);
    expect(codeOf(() => issue(book, 500, 90n, user, { address: '203.0.113.1', proven: false }))).toBe('PROVIDER_APPROVALS_EXHAUSTED');
    expect(codeOf(() => issue(book, 501, 90n, user, { address: '203.0.113.2', proven: true }))).toBe('no error');
  });

  it('finds the approval already issued for the very same request', () => {
    const book = new ApprovalBook();
    issue(book, 4, 10n);
    expect(book.issuedFor({ bidId, user, key: keyOf(4), requestedAt: 4 })).toMatchObject({ approval: approvalOf(4), key: keyOf(4) });
    expect(book.issuedFor({ bidId, user, key: keyOf(4), requestedAt: 5 })).toBeUndefined();
  });
});

describe('ids found foreign', () => {
  it('are remembered for a while, at most the bound, the oldest forgotten first', () => {
    let now = 0;
    const seen = new RecentlySeen({ ttlMs: 60_000, max: 100, now: () => now });
    for (let n = 0; n < 1_000; n++) seen.add(`0x${n}`);
    expect(seen.size).toBe(100);
    expect(seen.has('0x0')).toBe(false);
    expect(seen.has('0x999')).toBe(true);
    now = 60_001;
    expect(seen.has('0x999')).toBe(false);
  });
});

describe('the session registry', () => {
  it('forgets the least recently used session beyond its bound, never one answering', async () => {
    const registry = new SessionRegistry(10);
    const id = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex;
    expect(await registry.begin(id(0), 1, 0)).toBe('started');
    for (let n = 1; n <= 50; n++) registry.bindKey(id(n), keyOf(n));
    expect(registry.size).toBeLessThanOrEqual(11);
    expect(registry.keyOfSession(id(50))).toBe(keyOf(50));
    expect(registry.keyOfSession(id(1))).toBeUndefined();
    expect(await registry.begin(id(0), 2, 0)).toBe('busy');
  });

  it('lets the next prompt of a session whose reply is being stopped wait for the model instead of being refused', async () => {
    const registry = new SessionRegistry();
    const session = `0x${'cd'.repeat(32)}` as Hex;
    expect(await registry.begin(session, 1, 5_000)).toBe('started');
    const next = registry.begin(session, 2, 5_000);
    registry.stopping(session);
    setTimeout(() => registry.finish(session), 50);
    expect(await next).toBe('started');
    expect(await registry.begin(session, 2, 5_000)).toBe('replayed');
  });
});
