/**
 * What the provider remembers between connections: the session key that
 * came with each approval it signed (by bid, whatever user it names: the
 * live contract lets any user open a session with it), the key each session
 * is bound to, which sessions are answering a
 * prompt right now (one at a time each), the newest prompt timestamp each
 * session accepted (a signed prompt replayed by someone else is refused),
 * and each session's last stats for its receipt.
 */
import type { Hex } from '../market/morrpc/messages.ts';

export interface SessionStats {
  tpsScaled1000: number;
  ttftMs: number;
  inputTokens: number;
  outputTokens: number;
}

/** An approval the provider signed, and the session key the requester announced with it. */
export interface IssuedApproval {
  approval: Hex;
  key: Hex;
}

/** Approvals kept per bid: enough for many consumers opening sessions at once, bounded against a flood of requests. */
const approvalsKept = 1024;

export class SessionRegistry {
  readonly #approvals = new Map<string, IssuedApproval[]>();
  readonly #keysBySession = new Map<string, Hex>();
  readonly #busy = new Set<string>();
  readonly #stats = new Map<string, SessionStats>();
  readonly #lastPrompt = new Map<string, number>();

  rememberApproval(bidId: Hex, issued: IssuedApproval): void {
    const id = bidId.toLowerCase();
    this.#approvals.set(id, [issued, ...(this.#approvals.get(id) ?? [])].slice(0, approvalsKept));
  }

  /** The approvals issued for this bid, newest first. */
  approvalsFor(bidId: Hex): readonly IssuedApproval[] {
    return this.#approvals.get(bidId.toLowerCase()) ?? [];
  }

  bindKey(sessionId: Hex, key: Hex): void {
    this.#keysBySession.set(sessionId.toLowerCase(), key);
  }

  keyOfSession(sessionId: Hex): Hex | undefined {
    return this.#keysBySession.get(sessionId.toLowerCase());
  }

  /** Marks a session busy; 'busy' when it already is, 'replayed' when the prompt is not newer than the last one it accepted. */
  tryBegin(sessionId: Hex, promptTimestamp: number): 'started' | 'busy' | 'replayed' {
    if (this.#busy.has(sessionId)) return 'busy';
    if (promptTimestamp <= (this.#lastPrompt.get(sessionId) ?? -1)) return 'replayed';
    this.#busy.add(sessionId);
    this.#lastPrompt.set(sessionId, promptTimestamp);
    return 'started';
  }

  finish(sessionId: Hex, stats?: SessionStats): void {
    this.#busy.delete(sessionId);
    if (!stats) return;
    const before = this.#stats.get(sessionId);
    this.#stats.set(sessionId, before
      ? { ...stats, inputTokens: before.inputTokens + stats.inputTokens, outputTokens: before.outputTokens + stats.outputTokens }
      : stats);
  }

  statsOf(sessionId: Hex): SessionStats {
    return this.#stats.get(sessionId) ?? { tpsScaled1000: 0, ttftMs: 0, inputTokens: 0, outputTokens: 0 };
  }
}
