/**
 * Who may hold a connection to the provider, and until when. A connection
 * still waiting for its request has proven nothing, so those are capped per
 * address and in total; past the total, the oldest waiting one makes room
 * for a newcomer (a real consumer sends its request at once and is past
 * waiting before many others arrive). Addresses that proved they pay get
 * room of their own. Every deadline counts from an absolute time, so bytes
 * trickled in never push one back; only a request keeping up with a floor
 * rate may use the whole time it is given. A refused or evicted connection
 * is held a moment, unread, before it is closed: an attacker that reconnects
 * as soon as it is closed then comes back at that pace, not as fast as the
 * provider can refuse, and its attempts wait here rather than in the
 * kernel's accept queue ahead of consumers. Pure: the clock is passed in.
 */

export interface ConnectionLimits {
  /** Connections still waiting for their request from one address that has not proven it pays. */
  waitingPerAddress: number;
  /** Connections still waiting for their request from such addresses, all together. */
  waitingTotal: number;
  /** Connections still waiting for their request from proven addresses, kept apart from the strangers' room. */
  provenWaitingTotal: number;
  /** From connect, by when the whole request must have arrived. */
  requestDeadlineMs: number;
  /** From connect, how long a request may arrive at any pace before the floor rate applies. */
  rateGraceMs: number;
  /** After the grace, the bytes received must keep up with this rate (counted from the grace's end). */
  minBytesPerSecond: number;
  /** From the moment the reply is written and the connection ended, by when it is destroyed. */
  closeDeadlineMs: number;
  /** From connect, the longest a connection may live, however long its reply streams. */
  lifetimeMs: number;
  /** How long a refused or evicted connection is held, unread, before it is closed. */
  holdRefusedMs: number;
  /** Refused or evicted connections held at once; beyond, they are closed at once. */
  heldMax: number;
}

/** Why a connection is cut: the first two are answered with an error, the others just closed. */
export type Cut = 'request-deadline' | 'too-slow' | 'close-deadline' | 'lifetime' | 'hold-over';

/** Admitted (perhaps by evicting an older waiting connection, which the caller holds or closes), or refused. */
export type Admission<C> = { admitted: true; evicted?: C } | { admitted: false };

type Room = 'strangers' | 'proven';

interface Entry {
  address: string;
  room: Room;
  openedAt: number;
  bytes: number;
  phase: 'waiting' | 'answering' | 'closing' | 'held';
  /** When it began closing or was held. */
  phaseAt: number;
}

export class ConnectionGate<C> {
  readonly #limits: ConnectionLimits;
  readonly #now: () => number;
  readonly #entries = new Map<C, Entry>();
  /** Waiting connections of each room, oldest first. */
  readonly #waiting: Record<Room, Set<C>> = { strangers: new Set(), proven: new Set() };
  /** Waiting connections per stranger address; an address leaves the map when it has none. */
  readonly #waitingByAddress = new Map<string, number>();
  #held = 0;

  constructor(limits: ConnectionLimits, now: () => number) {
    this.#limits = limits;
    this.#now = now;
  }

  /** Open connections, in every phase. */
  get size(): number {
    return this.#entries.size;
  }

  /** Stranger addresses with connections still waiting: the per-address counters kept. */
  get addressesWaiting(): number {
    return this.#waitingByAddress.size;
  }

  admit(connection: C, address: string, proven: boolean): Admission<C> {
    const room: Room = proven ? 'proven' : 'strangers';
    if (!proven && (this.#waitingByAddress.get(address) ?? 0) >= this.#limits.waitingPerAddress) return { admitted: false };
    const full = this.#waiting[room].size >= (proven ? this.#limits.provenWaitingTotal : this.#limits.waitingTotal);
    const oldest = full ? this.#waiting[room].values().next().value : undefined;
    if (full && oldest === undefined) return { admitted: false };
    if (oldest !== undefined) this.leave(oldest);
    this.#entries.set(connection, { address, room, openedAt: this.#now(), bytes: 0, phase: 'waiting', phaseAt: 0 });
    this.#waiting[room].add(connection);
    if (!proven) this.#waitingByAddress.set(address, (this.#waitingByAddress.get(address) ?? 0) + 1);
    return oldest === undefined ? { admitted: true } : { admitted: true, evicted: oldest };
  }

  /** Holds a refused or evicted connection until it is cut as 'hold-over'; false when the caller must close it now. */
  hold(connection: C): boolean {
    if (this.#entries.get(connection)?.phase === 'held') return true;
    this.leave(connection);
    if (this.#held >= this.#limits.heldMax) return false;
    const now = this.#now();
    this.#entries.set(connection, { address: '', room: 'strangers', openedAt: now, bytes: 0, phase: 'held', phaseAt: now });
    this.#held++;
    return true;
  }

  /** Bytes of the request arrived: they count toward the floor rate, never toward more time. */
  received(connection: C, bytes: number): void {
    const entry = this.#entries.get(connection);
    if (entry) entry.bytes += bytes;
  }

  /** The request is complete: the connection is answering and is never evicted. */
  answering(connection: C): void {
    const entry = this.#entries.get(connection);
    if (!entry || entry.phase !== 'waiting') return;
    this.#stopWaiting(connection, entry);
    entry.phase = 'answering';
  }

  /** The reply (or a refusal) is written and the connection ended: it is destroyed at the close deadline. */
  closing(connection: C): void {
    const entry = this.#entries.get(connection);
    if (!entry || entry.phase === 'closing' || entry.phase === 'held') return;
    this.#stopWaiting(connection, entry);
    entry.phase = 'closing';
    entry.phaseAt = this.#now();
  }

  /** The connection is gone. */
  leave(connection: C): void {
    const entry = this.#entries.get(connection);
    if (!entry) return;
    this.#stopWaiting(connection, entry);
    if (entry.phase === 'held') this.#held--;
    this.#entries.delete(connection);
  }

  /** Connections past one of their deadlines now; the caller answers or closes each, and tells the gate. */
  overdue(): Array<[C, Cut]> {
    const now = this.#now();
    const cuts: Array<[C, Cut]> = [];
    for (const [connection, entry] of this.#entries) {
      const cut = this.#cutOf(entry, now);
      if (cut) cuts.push([connection, cut]);
    }
    return cuts;
  }

  #cutOf(entry: Entry, now: number): Cut | undefined {
    const age = now - entry.openedAt;
    if (age >= this.#limits.lifetimeMs) return 'lifetime';
    if (entry.phase === 'held') return now - entry.phaseAt >= this.#limits.holdRefusedMs ? 'hold-over' : undefined;
    if (entry.phase === 'closing') return now - entry.phaseAt >= this.#limits.closeDeadlineMs ? 'close-deadline' : undefined;
    if (entry.phase !== 'waiting') return undefined;
    if (age >= this.#limits.requestDeadlineMs) return 'request-deadline';
    const owed = ((age - this.#limits.rateGraceMs) / 1000) * this.#limits.minBytesPerSecond;
    return age > this.#limits.rateGraceMs && entry.bytes < owed ? 'too-slow' : undefined;
  }

  #stopWaiting(connection: C, entry: Entry): void {
    if (entry.phase !== 'waiting' || !this.#waiting[entry.room].delete(connection) || entry.room !== 'strangers') return;
    const left = (this.#waitingByAddress.get(entry.address) ?? 1) - 1;
    if (left > 0) this.#waitingByAddress.set(entry.address, left);
    else this.#waitingByAddress.delete(entry.address);
  }
}
