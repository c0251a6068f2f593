/**
 * The chat context's sequences, each with its own chat session. A reply
 * takes a free one and runs beside the replies on the others: llama.cpp
 * evaluates their tokens in one batch, each sequence with its own KV cache,
 * so a long reply no longer holds the model while another waits.
 */
import { LlamaChatSession, type LlamaContext } from 'node-llama-cpp';

export class SequencePool {
  readonly #sessions: LlamaChatSession[];
  readonly #busy: boolean[];
  /** Each waits for a free session, first come first served. */
  readonly #waiters: ((session: LlamaChatSession) => void)[] = [];
  /** Each waits until no session is in use. */
  readonly #idleWaiters: (() => void)[] = [];

  constructor(context: LlamaContext) {
    this.#sessions = Array.from({ length: context.totalSequences }, () => new LlamaChatSession({ contextSequence: context.getSequence() }));
    this.#busy = this.#sessions.map(() => false);
  }

  /**
   * A free session, the first one when it is free: replies one at a time
   * keep landing on the same sequence, whose KV cache still holds the
   * previous turn for the next to reuse.
   */
  acquire(): Promise<LlamaChatSession> {
    const free = this.#busy.indexOf(false);
    if (free === -1) return new Promise((resolve) => this.#waiters.push(resolve));
    this.#busy[free] = true;
    return Promise.resolve(this.#sessions[free]!);
  }

  /** Hands the session to the request waiting longest, or frees it. */
  release(session: LlamaChatSession): void {
    const waiter = this.#waiters.shift();
    if (waiter) {
      waiter(session);
      return;
    }
    this.#busy[this.#sessions.indexOf(session)] = false;
    if (!this.#busy.includes(true)) for (const idle of this.#idleWaiters.splice(0)) idle();
  }

  /** Resolves once no session is in use: the context may then be replaced. */
  whenIdle(): Promise<void> {
    if (!this.#busy.includes(true)) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }
}
