/**
 * The approvals this provider signed, each with the session key it was
 * asked with. Anyone may ask for an approval naming any user, so nothing a
 * stranger asks for may change what a user gets or push the user's
 * approval out:
 * - an approval is dated by the provider's clock; the contract refuses an
 *   approval it has seen, so two for one user and bid in one second must
 *   differ, and the later one is dated a second *earlier*, never later
 *   (later would let a flood date the user's next approval minutes ahead);
 * - approvals are kept until the chain would refuse them, never dropped for
 *   newer ones; when too many are outstanding, new requests are refused
 *   instead;
 * - one remote address (an IPv6 /64) may take only a few of a user's
 *   seconds and a bounded share of the book, and addresses that have not
 *   proven they pay for a session here only half of a user's seconds, all
 *   together: a flood naming a user, from however many addresses, leaves
 *   the other half to the consumers already paying here;
 * - the same request sent again gets the same approval back.
 */
import { HearthError } from '../api/errors.ts';
import type { Hex } from '../market/morrpc/messages.ts';

export interface IssuedApproval {
  approval: Hex;
  approvalSig: Hex;
  /** The session key announced with the request. */
  key: Hex;
  /** Seconds, as in the approval. */
  timestamp: bigint;
}

export interface ApprovalBookLimits {
  /** How far before now an approval may be dated when later seconds are taken for its user and bid. */
  backdateSeconds: number;
  /** How long an approval is kept after its date: the chain's 10 minutes, and room for its opening to be seen. */
  keepSeconds: number;
  /** Approvals outstanding at once, all users together: bounds the memory a flood can take. */
  maxKept: number;
  /** Approvals one address not proven may hold outstanding, all users together. */
  perAddress: number;
  /** Approvals one address not proven may take for one user and bid within the backdating window. */
  perAddressAndUser: number;
  /** Approvals all addresses not proven may take together for one user and bid within the backdating window. */
  strangersPerUser: number;
}

/**
 * A user's approvals on one bid are dated within 5 minutes of the request, so
 * at least 5 of the chain's 10 are left to open the session (a wallet's review
 * included): 301 seconds, of which strangers may take 150, 16 per address.
 */
export const defaultApprovalBookLimits: ApprovalBookLimits = {
  backdateSeconds: 300, keepSeconds: 15 * 60, maxKept: 65_536, perAddress: 1_024, perAddressAndUser: 16, strangersPerUser: 150,
};

/** Who asked: the remote address the limits count against, and whether it has proven it pays for a session here. */
export interface Asker {
  address: string;
  proven: boolean;
}

/** What a session.request asks for: the same fields, signed, are the same request. */
export interface ApprovalAsk {
  bidId: Hex;
  user: Hex;
  key: Hex;
  /** The request's own timestamp (ms). */
  requestedAt: number;
}

interface Kept extends IssuedApproval {
  ask: string;
  seconds: string;
  asker: Asker;
}

const askId = (ask: ApprovalAsk) => `${ask.bidId}:${ask.user}:${ask.key}:${ask.requestedAt}`.toLowerCase();
const secondsId = (bidId: Hex, user: Hex) => `${bidId}:${user}`.toLowerCase();

export class ApprovalBook {
  readonly #limits: ApprovalBookLimits;
  /** By approval, in the order they were issued. */
  readonly #kept = new Map<string, Kept>();
  readonly #byAsk = new Map<string, Kept>();
  /** The seconds taken per user and bid, reserved before signing so concurrent requests never share one. */
  readonly #taken = new Map<string, Set<bigint>>();
  /** Approvals outstanding per asking address, and the seconds each took per user and bid. */
  readonly #byAsker = new Map<string, number>();
  readonly #askerSeconds = new Map<string, Set<bigint>>();
  /** The seconds per user and bid taken by addresses not proven. */
  readonly #strangerSeconds = new Map<string, Set<bigint>>();

  constructor(limits: ApprovalBookLimits = defaultApprovalBookLimits) {
    this.#limits = limits;
  }

  get size(): number {
    return this.#kept.size;
  }

  /** The approval already issued for this very request, if it was asked before. */
  issuedFor(ask: ApprovalAsk): IssuedApproval | undefined {
    return this.#byAsk.get(askId(ask));
  }

  /**
   * Reserves the second to date a new approval with: now, or the latest
   * free one before it; refused when the user's recent seconds are all
   * taken, the asker has taken its share, or too many approvals are
   * outstanding.
   */
  reserveSecond(bidId: Hex, user: Hex, nowSecond: bigint, asker: Asker): bigint {
    this.#prune(nowSecond);
    if (this.#kept.size >= this.#limits.maxKept) throw new HearthError('PROVIDER_OVERLOADED', { details: 'too many session approvals are outstanding' });
    const id = secondsId(bidId, user);
    const oldest = nowSecond - BigInt(this.#limits.backdateSeconds);
    const askerId = `${asker.address}|${id}`;
    const askerSeconds = this.#askerSeconds.get(askerId) ?? new Set<bigint>();
    const strangerSeconds = this.#strangerSeconds.get(id) ?? new Set<bigint>();
    const recent = (seconds: Set<bigint>) => [...seconds].filter((second) => second >= oldest).length;
    if (!asker.proven && ((this.#byAsker.get(asker.address) ?? 0) >= this.#limits.perAddress || recent(askerSeconds) >= this.#limits.perAddressAndUser)) {
      throw new HearthError('PROVIDER_APPROVALS_EXHAUSTED', { details: 'this address has asked for as many approvals as it may for now' });
    }
    if (!asker.proven && recent(strangerSeconds) >= this.#limits.strangersPerUser) {
      throw new HearthError('PROVIDER_APPROVALS_EXHAUSTED', { details: 'new consumers have asked for as many of this user\u2019s approvals as they may for now' });
    }
    const taken = this.#taken.get(id) ?? new Set<bigint>();
    for (let second = nowSecond; second >= oldest; second--) {
      if (taken.has(second)) continue;
      taken.add(second);
      this.#taken.set(id, taken);
      this.#askerSeconds.set(askerId, askerSeconds.add(second));
      if (!asker.proven) this.#strangerSeconds.set(id, strangerSeconds.add(second));
      this.#byAsker.set(asker.address, (this.#byAsker.get(asker.address) ?? 0) + 1);
      return second;
    }
    throw new HearthError('PROVIDER_APPROVALS_EXHAUSTED', { details: 'every second this user\u2019s approval could be dated with is taken' });
  }

  remember(ask: ApprovalAsk, asker: Asker, issued: IssuedApproval): void {
    const kept: Kept = { ...issued, ask: askId(ask), seconds: secondsId(ask.bidId, ask.user), asker };
    this.#kept.set(issued.approval.toLowerCase(), kept);
    this.#byAsk.set(kept.ask, kept);
  }

  /** The session key asked with an approval this provider issued and still keeps. */
  keyOf(approval: Hex): Hex | undefined {
    return this.#kept.get(approval.toLowerCase())?.key;
  }

  #prune(nowSecond: bigint): void {
    const keep = BigInt(this.#limits.keepSeconds);
    for (const [approval, kept] of this.#kept) {
      // Issued in order, dated at most backdateSeconds apart: past the first one still kept, few expired ones are left, and only briefly.
      if (kept.timestamp + keep > nowSecond) break;
      this.#kept.delete(approval);
      this.#byAsk.delete(kept.ask);
      this.#release(kept.seconds, kept.timestamp, kept.asker);
    }
  }

  /** Frees a reserved second whose approval could not be signed. */
  releaseSecond(bidId: Hex, user: Hex, second: bigint, asker: Asker): void {
    this.#release(secondsId(bidId, user), second, asker);
  }

  #release(id: string, second: bigint, asker: Asker): void {
    const forget = <T>(map: Map<string, Set<T>>, key: string, value: T) => {
      const set = map.get(key);
      set?.delete(value);
      if (set?.size === 0) map.delete(key);
    };
    forget(this.#taken, id, second);
    forget(this.#askerSeconds, `${asker.address}|${id}`, second);
    if (!asker.proven) forget(this.#strangerSeconds, id, second);
    const held = (this.#byAsker.get(asker.address) ?? 1) - 1;
    if (held > 0) this.#byAsker.set(asker.address, held);
    else this.#byAsker.delete(asker.address);
  }
}
