/**
 * Signed error bodies for the provider's refusals, each text signed at most
 * once a second: signing costs about a millisecond of CPU, and junk is free
 * to send, so a flood of requests refused with the same text must not cost
 * a signature each. A body up to a second old is still a valid signed error
 * (consumers check the signature, not the age of an error).
 */
import type { RpcErrorBody } from '../market/morrpc/messages.ts';
import { signedError } from '../market/morrpc/signing.ts';

/** How long a signed body is handed out again before it is signed afresh. */
const freshForMs = 1_000;
/** Texts kept; the oldest is dropped beyond it, so texts that vary cannot grow the cache. */
const textsKept = 256;

export class SignedRefusals {
  readonly #key: Uint8Array;
  readonly #now: () => number;
  readonly #bodies = new Map<string, RpcErrorBody>();

  constructor(privateKey: Uint8Array, now: () => number = Date.now) {
    this.#key = privateKey;
    this.#now = now;
  }

  body(text: string): RpcErrorBody {
    const now = this.#now();
    const kept = this.#bodies.get(text);
    const age = kept ? now - kept.data.timestamp : Infinity;
    // A clock set back makes the age negative: sign afresh rather than keep a body dated ahead.
    if (kept && age >= 0 && age < freshForMs) return kept;
    const body = signedError(text, 400, this.#key, now);
    this.#bodies.delete(text);
    this.#bodies.set(text, body);
    for (const oldest of this.#bodies.keys()) {
      if (this.#bodies.size <= textsKept) break;
      this.#bodies.delete(oldest);
    }
    return body;
  }
}
