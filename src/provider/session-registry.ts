/**
 * What the provider remembers of each session between connections: the
 * key it is bound to (from the approval it was opened with), whether it is
 * answering a prompt right now (one at a time each) and whether that reply
 * is being stopped, the newest prompt timestamp it accepted (a signed
 * prompt replayed by someone else is refused), and its stats for the
 * receipt. Sessions are paid for on chain, so few exist; the map is bounded
 * all the same, the least recently used forgotten first.
 */
import type { Hex } from '../market/morrpc/messages.ts';

export interface SessionStats {
  tpsScaled1000: number;
  ttftMs: number;
  inputTokens: number;
  outputTokens: number;
}

interface Running {
  stopping: boolean;
  /** Settles when the reply is told to stop. */
  stopRequested: Promise<void>;
  requestStop: () => void;
  /** Settles when the reply has ended and the model is free. */
  done: Promise<void>;
  settle: () => void;
}

/** How long a prompt that finds its session answering waits to learn the earlier reply's consumer went: that connection's close may arrive after the new prompt. */
const closeNoticeMs = 250;

function running(): Running {
  let requestStop = () => {};
  let settle = () => {};
  const stopRequested = new Promise<void>((resolve) => { requestStop = resolve; });
  const done = new Promise<void>((resolve) => { settle = resolve; });
  return { stopping: false, stopRequested, requestStop, done, settle };
}

interface SessionState {
  key?: Hex;
  lastPrompt: number;
  stats?: SessionStats;
  running?: Running;
}

export const defaultSessionsKept = 100_000;

export class SessionRegistry {
  readonly #sessions = new Map<string, SessionState>();
  readonly #maxSessions: number;

  constructor(maxSessions = defaultSessionsKept) {
    this.#maxSessions = maxSessions;
  }

  get size(): number {
    return this.#sessions.size;
  }

  #state(sessionId: Hex): SessionState {
    const id = sessionId.toLowerCase();
    const state = this.#sessions.get(id) ?? { lastPrompt: -1 };
    this.#sessions.delete(id);
    this.#sessions.set(id, state);
    if (this.#sessions.size > this.#maxSessions) {
      for (const [oldest, old] of this.#sessions) {
        if (this.#sessions.size <= this.#maxSessions) break;
        if (!old.running) this.#sessions.delete(oldest);
      }
    }
    return state;
  }

  bindKey(sessionId: Hex, key: Hex): void {
    this.#state(sessionId).key = key;
  }

  keyOfSession(sessionId: Hex): Hex | undefined {
    return this.#sessions.get(sessionId.toLowerCase())?.key;
  }

  /**
   * Marks a session answering. A prompt while the previous one is still
   * answering is 'busy'; while the previous one is being stopped (its
   * client went), it waits up to `stopWaitMs` for the model to be free.
   * 'replayed' when the prompt is not newer than the last one accepted.
   */
  async begin(sessionId: Hex, promptTimestamp: number, stopWaitMs: number): Promise<'started' | 'busy' | 'replayed'> {
    const since = performance.now();
    for (;;) {
      const state = this.#state(sessionId);
      if (promptTimestamp <= state.lastPrompt) return 'replayed';
      const current = state.running;
      if (!current) {
        state.running = running();
        state.lastPrompt = promptTimestamp;
        return 'started';
      }
      const left = (current.stopping ? stopWaitMs : closeNoticeMs) - (performance.now() - since);
      if (left <= 0) return 'busy';
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([current.done, ...(current.stopping ? [] : [current.stopRequested]), new Promise<void>((resolve) => { timer = setTimeout(resolve, left); })]);
      clearTimeout(timer);
    }
  }

  /** The reply under way is being stopped: the next prompt of the session may wait for it instead of being refused. */
  stopping(sessionId: Hex): void {
    const current = this.#sessions.get(sessionId.toLowerCase())?.running;
    if (!current) return;
    current.stopping = true;
    current.requestStop();
  }

  finish(sessionId: Hex, stats?: SessionStats): void {
    const state = this.#state(sessionId);
    state.running?.settle();
    delete state.running;
    if (!stats) return;
    const before = state.stats;
    state.stats = before
      ? { ...stats, inputTokens: before.inputTokens + stats.inputTokens, outputTokens: before.outputTokens + stats.outputTokens }
      : stats;
  }

  statsOf(sessionId: Hex): SessionStats {
    return this.#sessions.get(sessionId.toLowerCase())?.stats ?? { tpsScaled1000: 0, ttftMs: 0, inputTokens: 0, outputTokens: 0 };
  }
}
