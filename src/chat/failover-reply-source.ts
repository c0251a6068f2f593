/**
 * A reply that survives its provider: candidates are tried in order (the
 * ranked bids, then the local model when the user chose it). A provider
 * that drops the reply, sends nothing for a while, or sends a chunk that is
 * not its own is left out for a while; the text so far is kept, and the
 * next candidate continues it. The message records every part: who wrote
 * it, from where in the text, and why the part before it ended.
 */
import type { RemoteReply, ReplyPart } from '../api/contract.ts';
import { HearthError, type ErrorCode } from '../api/errors.ts';
import type { ChatTurn } from '../engine/protocol.ts';
import type { LeftOutProviders } from '../market/rating/left-out-providers.ts';
import { continuation, type ReplyOutcome, type ReplyRequest, type ReplySource } from './reply-source.ts';

export interface ReplyCandidate {
  /** The provider that writes through it; null for the local model. */
  provider: string | null;
  /** The model's name, as the chat shows it. */
  model: string | null;
  /** What writes the reply: a provider session's source (opened, or reused, when reached), or the local model. */
  open(signal: AbortSignal): Promise<ReplySource>;
}

export interface FailoverReplySourceOptions {
  /** In order of preference: the first writes the reply, the others continue it when the one before fails. */
  candidates: ReplyCandidate[];
  leftOut: LeftOutProviders;
  /** A provider that sends no text for this long is treated as gone. */
  silenceMs: number;
}

/** Failures that are the provider's doing: it is left out for a while. */
const providerFaults = new Set<ErrorCode>([
  'PROVIDER_UNREACHABLE', 'PROVIDER_SILENT', 'PROVIDER_BACKEND_FAILED', 'MORRPC_INCOMPLETE', 'MORRPC_BAD_SIGNATURE',
  'MORRPC_DECRYPT_FAILED', 'MORRPC_MALFORMED', 'MORRPC_TOO_LARGE', 'MORRPC_REPLAYED_CHUNK', 'PROVIDER_OVERLOADED', 'PROVIDER_APPROVALS_EXHAUSTED',
]);

const codeOf = (error: unknown): ErrorCode => (error instanceof HearthError ? error.code : 'INTERNAL');

export class FailoverReplySource implements ReplySource {
  readonly runsOnDevice = false;
  readonly #options: FailoverReplySourceOptions;
  /** The candidate that writes first, opened by prepare(). */
  #first: { index: number; source: ReplySource } | undefined;

  constructor(options: FailoverReplySourceOptions) {
    this.#options = options;
  }

  get model(): string | null {
    return this.#first?.source.model ?? this.#options.candidates[this.#available(0)]?.model ?? null;
  }

  assertAvailable(): void {
    if (this.#options.candidates.length === 0) throw new HearthError('MARKET_NO_PROVIDER');
  }

  #available(from: number): number {
    const { candidates, leftOut } = this.#options;
    let index = from;
    while (index < candidates.length && candidates[index]!.provider !== null && leftOut.isLeftOut(candidates[index]!.provider!)) index++;
    return index;
  }

  /** Opens the first candidate that can be opened; one that cannot is left out and the next is tried. */
  async #openFrom(from: number, signal: AbortSignal): Promise<{ index: number; source: ReplySource }> {
    let failure: unknown = new HearthError('MARKET_NO_PROVIDER');
    for (let index = this.#available(from); index < this.#options.candidates.length; index = this.#available(index + 1)) {
      const candidate = this.#options.candidates[index]!;
      try {
        return { index, source: await candidate.open(signal) };
      } catch (error) {
        signal.throwIfAborted();
        failure = error;
        if (candidate.provider !== null && providerFaults.has(codeOf(error))) this.#options.leftOut.leaveOut(candidate.provider, codeOf(error));
      }
    }
    throw failure;
  }

  async prepare(signal: AbortSignal): Promise<{ contextTokens: number | null }> {
    this.#first = await this.#openFrom(0, signal);
    return this.#first.source.prepare(signal);
  }

  async write(request: ReplyRequest, onText: (text: string) => void, signal: AbortSignal): Promise<ReplyOutcome> {
    let text = '';
    let current = this.#first ?? await this.#openFrom(0, signal);
    const parts: { outcome: ReplyOutcome; model: string | null; startsAt: number; after: ErrorCode | null }[] = [];
    let after: ErrorCode | null = null;
    for (;;) {
      const startsAt = text.length;
      const { outcome, silent } = await this.#writeOne(current.source, continuation(request, text), (piece) => {
        text += piece;
        onText(piece);
      }, signal);
      parts.push({ outcome, model: current.source.model, startsAt, after });
      const failure = silent ? new HearthError('PROVIDER_SILENT', { details: `no text for ${this.#options.silenceMs} ms` }) : outcome.error;
      if (failure === undefined || signal.aborted) return this.#outcome(parts, outcome);
      const provider = this.#options.candidates[current.index]!.provider;
      if (provider !== null && providerFaults.has(codeOf(failure))) this.#options.leftOut.leaveOut(provider, codeOf(failure));
      after = codeOf(failure);
      try {
        if (current.index + 1 >= this.#options.candidates.length) throw failure;
        current = await this.#openFrom(current.index + 1, signal);
        if (current.source.runsOnDevice) await current.source.prepare(signal);
      } catch {
        return this.#outcome(parts, { ...outcome, stopped: false, error: failure });
      }
    }
  }

  /** One candidate's part, stopped as silent when no text comes for silenceMs. */
  async #writeOne(source: ReplySource, request: ReplyRequest, onText: (text: string) => void, signal: AbortSignal): Promise<{ outcome: ReplyOutcome; silent: boolean }> {
    const attempt = new AbortController();
    const stop = () => attempt.abort(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    let silent = false;
    let timer: NodeJS.Timeout | undefined;
    const watch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        silent = true;
        attempt.abort();
      }, this.#options.silenceMs);
    };
    watch();
    try {
      const outcome = await source.write(request, (piece) => {
        watch();
        onText(piece);
      }, attempt.signal);
      return { outcome, silent: silent && !signal.aborted };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
    }
  }

  /** The message's record: the first provider's part, with the parts that continued it. */
  #outcome(parts: { outcome: ReplyOutcome; model: string | null; startsAt: number; after: ErrorCode | null }[], last: ReplyOutcome): ReplyOutcome {
    const [first, ...rest] = parts;
    const continuedBy: ReplyPart[] = rest.map((part) => ({
      after: part.after!, startsAt: part.startsAt, model: part.model, remote: part.outcome.remote,
    }));
    const remote: RemoteReply | null = first?.outcome.remote
      ? { ...first.outcome.remote, ...(continuedBy.length > 0 ? { continuedBy } : {}) }
      : null;
    return { ...last, remote };
  }
}
