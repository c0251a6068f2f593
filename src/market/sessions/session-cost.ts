/**
 * What a session paid for directly from the user's stake cost them, to the
 * wei, as the marketplace contract pays its provider: the seconds from its
 * opening to its close or its end, whichever came first, at the bid's price.
 * The rest of the stake comes back to the user at the close (part of it held
 * until the next UTC midnight after an early close).
 */
export interface SessionTimes {
  openedAt: bigint;
  endsAt: bigint;
  /** 0n while it is still open. */
  closedAt: bigint;
}

/** The cost once the session has closed, or has run to its end (then it costs its whole time). */
export function sessionCost(times: SessionTimes, pricePerSecond: bigint): bigint {
  const end = times.closedAt === 0n || times.closedAt > times.endsAt ? times.endsAt : times.closedAt;
  return end > times.openedAt ? (end - times.openedAt) * pricePerSecond : 0n;
}
