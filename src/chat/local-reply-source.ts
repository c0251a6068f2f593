/**
 * Replies from Hearth's own inference worker. A reply asked for while the
 * model loads (or restarts after a crash) waits for it; the context window
 * is the loaded model's.
 */
import type { Engine } from '../engine/engine.ts';
import type { ReplyCandidate } from './failover-reply-source.ts';
import type { ReplyOutcome, ReplyRequest, ReplySource } from './reply-source.ts';

export class LocalReplySource implements ReplySource {
  readonly runsOnDevice = true;
  readonly #engine: Engine;

  constructor(engine: Engine) {
    this.#engine = engine;
  }

  get model(): string | null {
    return this.#engine.status.name;
  }

  assertAvailable(): void {
    this.#engine.assertReadySoon();
  }

  async prepare(signal: AbortSignal): Promise<{ contextTokens: number | null }> {
    await this.#engine.whenReady(signal);
    return { contextTokens: this.#engine.status.contextSize };
  }

  async write(request: ReplyRequest, onText: (text: string) => void, signal: AbortSignal): Promise<ReplyOutcome> {
    const { requestId, result } = this.#engine.generate(request, onText);
    const stop = () => this.#engine.stop(requestId);
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
    try {
      const { stopped, stats } = await result;
      return { stopped, stats, remote: null };
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }
}

/** The local model as the last candidate of a failover, where the user chose to continue locally. */
export function localCandidate(engine: Engine): ReplyCandidate {
  const source = new LocalReplySource(engine);
  return {
    provider: null,
    get model() {
      return source.model;
    },
    open: async () => source,
  };
}
