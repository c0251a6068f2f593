/**
 * The draft confidences computed for the last few questions, for a minute:
 * a message is decided twice, once for its preview and once when it is
 * sent, and the second decision reads the first one's draft instead of
 * having the model write it again (a quarter of a second on a small model).
 * A question is the same when its conversation, the turns before it and
 * its text are.
 */
import type { ChatTurn } from '../engine/protocol.ts';

const keptMs = 60_000;
const kept = 16;

export class RecentDrafts {
  readonly #entries = new Map<string, { confidences: number[]; at: number }>();
  readonly #now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  static keyOf(conversationId: string | null, history: readonly ChatTurn[], text: string): string {
    return JSON.stringify([conversationId, history.length, history.at(-1)?.text ?? null, text]);
  }

  get(key: string): number[] | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (this.#now() - entry.at < keptMs) return entry.confidences;
    this.#entries.delete(key);
    return undefined;
  }

  set(key: string, confidences: number[]): void {
    this.#entries.delete(key);
    this.#entries.set(key, { confidences, at: this.#now() });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= kept) break;
      this.#entries.delete(oldest);
    }
  }
}
