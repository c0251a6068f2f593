/**
 * What the provider remembers between connections: the session key each
 * user announced in session.request, which sessions are answering a
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

export class SessionRegistry {
  readonly #keysByUser = new Map<string, Hex>();
  readonly #busy = new Set<string>();
  readonly #stats = new Map<string, SessionStats>();
  readonly #lastPrompt = new Map<string, number>();

  rememberKey(user: Hex, sessionPublicKey: Hex): void {
    this.#keysByUser.set(user.toLowerCase(), sessionPublicKey);
  }

  keyOf(user: Hex): Hex | undefined {
    return this.#keysByUser.get(user.toLowerCase());
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
