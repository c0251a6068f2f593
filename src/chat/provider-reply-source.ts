/**
 * Replies from a Morpheus provider over a session already open on chain
 * (opening, paying for and choosing it are the market's work). The prompt
 * holds the conversation's turns, the system prompt and what the user's
 * disclosure level lets leave the device (the chat service assembles it),
 * redacted: personal and secret values leave as placeholders, and are put
 * back into the reply as it streams in. The reply records where it ran,
 * exactly what left the device and what it cost.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RemoteReply } from '../api/contract.ts';
import { HearthError } from '../api/errors.ts';
import type { ChatRequest, CompletionBackend, CompletionStats } from '../completion/completion-backend.ts';
import type { Hex } from '../market/morrpc/messages.ts';
import { SessionBackend } from '../market/morrpc/session-backend.ts';
import { disclosurePreview, redactReply } from '../router/disclosure.ts';
import { createRestorer } from '../router/redaction/index.ts';
import type { ReplyOutcome, ReplyRequest, ReplySource } from './reply-source.ts';

/**
 * Only this device holds the session's key, so a provider busy with the
 * session is still winding down a prompt this source stopped: it frees the
 * session once it sees the connection closed. A prompt that meets it waits
 * a moment and asks again, for about 3 s in all.
 */
const busyRetryMs = 100;
const busyRetries = 30;

export interface OpenProviderSession {
  provider: { address: Hex; endpoint: string };
  model: { id: Hex; name: string };
  bid: { id: Hex; pricePerSecond: bigint };
  sessionId: Hex;
  /** The session's own key: signs the prompts, decrypts the replies. */
  sessionKey: Uint8Array;
  /** The provider's public key, from its approval of the session. */
  providerPublicKey: Hex;
}

export interface ProviderReplySourceOptions {
  session: OpenProviderSession;
  /** Transactions mined to open the session (approval, openSession): recorded on the first reply written through it. */
  transactions?: Hex[];
}

export class ProviderReplySource implements ReplySource {
  readonly runsOnDevice = false;
  readonly #session: OpenProviderSession;
  readonly #backend: CompletionBackend;
  #transactions: Hex[];

  constructor({ session, transactions = [] }: ProviderReplySourceOptions) {
    this.#session = session;
    this.#transactions = transactions;
    this.#backend = new SessionBackend({
      endpoint: session.provider.endpoint, sessionId: session.sessionId, sessionKey: session.sessionKey,
      providerPublicKey: session.providerPublicKey, model: session.model.name,
    });
  }

  get model(): string {
    return this.#session.model.name;
  }

  assertAvailable(): void {
    // The session is open: whether it still serves is known only by asking, and the reply records the answer.
  }

  async prepare(signal: AbortSignal): Promise<{ contextTokens: number | null }> {
    signal.throwIfAborted();
    return { contextTokens: null };
  }

  /** The backend's answer; a busy session (see busyRetryMs) is asked again until it is free. */
  async #complete(chat: ChatRequest, onText: (text: string) => void, signal: AbortSignal): Promise<CompletionStats> {
    for (let retries = busyRetries; ; retries--) {
      try {
        return await this.#backend.complete(chat, onText, signal);
      } catch (error) {
        const busy = error instanceof HearthError && error.code === 'PROVIDER_SESSION_BUSY';
        if (!busy || retries === 0 || !(await sleep(busyRetryMs, true, { signal }).catch(() => false))) throw error;
      }
    }
  }

  async write(request: ReplyRequest, onText: (text: string) => void, signal: AbortSignal): Promise<ReplyOutcome> {
    const redacted = redactReply(request);
    const sentText = redacted.text;
    const restorer = createRestorer(redacted.placeholders);
    const transactions = this.#transactions;
    this.#transactions = [];
    let firstTextAt: number | undefined;
    let lastTextAt = 0;
    const started = performance.now();
    let stats: CompletionStats = { inputTokens: 0, outputTokens: 0, ttftMs: 0 };
    let error: unknown;
    try {
      stats = await this.#complete(redacted.chat, (text) => {
        lastTextAt = performance.now();
        firstTextAt ??= lastTextAt;
        const restored = restorer.push(text);
        if (restored !== '') onText(restored);
      }, signal);
    } catch (failure) {
      if (!signal.aborted) error = failure;
    }
    // A placeholder the reply began but never finished is shown as it came.
    const rest = restorer.end();
    if (rest !== '') onText(rest);
    // A prompt refused before any text held the session for nothing.
    const seconds = firstTextAt === undefined ? 0 : Math.ceil((performance.now() - started) / 1000);
    // Speeds as the local engine measures them, but as this device saw the text arrive.
    const ttftMs = firstTextAt === undefined ? 0 : Math.round(firstTextAt - started);
    const decodeSeconds = firstTextAt === undefined ? 0 : (lastTextAt - firstTextAt) / 1000;
    const tokensPerSecond = stats.outputTokens > 1 && decodeSeconds > 0 ? (stats.outputTokens - 1) / decodeSeconds : 0;
    const { provider, model, bid, sessionId } = this.#session;
    const remote: RemoteReply = {
      provider: { address: provider.address, endpoint: provider.endpoint },
      model: { id: model.id, name: model.name },
      bid: { id: bid.id, pricePerSecondWei: bid.pricePerSecond.toString() },
      sessionId,
      transactions,
      costWei: (bid.pricePerSecond * BigInt(seconds)).toString(),
      seconds,
      inputTokens: stats.inputTokens,
      outputTokens: stats.outputTokens,
      ttftMs,
      tokensPerSecond,
      sent: { bytes: Buffer.byteLength(sentText), sha256: createHash('sha256').update(sentText).digest('hex'), ...disclosurePreview(redacted) },
    };
    return {
      stopped: error === undefined && signal.aborted,
      stats: { tokens: stats.outputTokens, tokensPerSecond, ttftMs },
      remote,
      ...(error === undefined ? {} : { error }),
    };
  }
}
