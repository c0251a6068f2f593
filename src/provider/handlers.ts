/**
 * The provider's answer to each MOR-RPC method. Cheap checks come before
 * costly ones, so junk costs the provider little: every request's signature
 * is checked first (except a ping's: it carries no key to check it
 * against, and the reference node does not check it either), then the
 * chain state this provider already knows, and only then the chain. A
 * session request must be dated close to now; prompts also need a session
 * that is open on chain, not expired, bound to the key that signed them,
 * not already answering, and a timestamp newer than the session's last
 * prompt. Refusals to requests that proved nothing carry texts that do not
 * vary per request, so the listener signs each text at most once a second.
 */
import { randomUUID } from 'node:crypto';
import { hexToBytes } from '@noble/hashes/utils.js';
import { HearthError } from '../api/errors.ts';
import { privateKeyToAccount, type LocalAccount } from 'viem/accounts';
import { encodeApproval, encodeReceipt, signForChain } from '../market/chain/signed-messages.ts';
import { eciesEncrypt } from '../market/morrpc/ecies.ts';
import {
  emptySignature, encodePongResult, encodePromptRequest, encodePromptResult, encodeReportRequest, encodeReportResult,
  encodeSessionRequest, encodeSessionResult, type Hex,
} from '../market/morrpc/messages.ts';
import {
  parseMessage, parseValue, pingRequestSchema, promptRequestSchema, reportRequestSchema, sessionRequestSchema,
} from '../market/morrpc/schemas.ts';
import { hasValidSignature, withSignature } from '../market/morrpc/signing.ts';
import { ApprovalBook, type ApprovalAsk, type Asker, type IssuedApproval } from './approval-book.ts';
import type { ChainSession, ProviderChain } from './chain.ts';
import { ChainClock } from './chain-clock.ts';
import { createChunkPacer } from './chunk-pacer.ts';
import { chatRequestSchema, type ChatRequest, type CompletionBackend } from '../completion/completion-backend.ts';
import { finalChunk, textChunk } from './openai-chunks.ts';
import { RecentlySeen } from './recently-seen.ts';
import { ReplySlots } from './reply-slots.ts';
import { SessionOpenings } from './session-openings.ts';
import type { SessionRegistry } from './session-registry.ts';

export interface ProviderIdentity {
  privateKey: Hex;
  /** Uncompressed secp256k1 public key, announced to consumers. */
  publicKey: Hex;
  address: Hex;
  version: string;
}

/** Where a method writes its result objects; `signal` aborts when the client goes away. */
export interface ReplyChannel {
  result(encoded: string): void;
  readonly signal: AbortSignal;
  /** Who sent the request: the remote address per-address limits count against, and whether it has proven it pays for a session here. */
  readonly asker: Asker;
  /** Called once the request has proven it comes from a consumer with a session open on chain: its address gets the room kept for them. */
  proven(): void;
}

export interface HandlerDeps {
  identity: ProviderIdentity;
  chain: ProviderChain;
  backend: CompletionBackend;
  registry: SessionRegistry;
  /** The most tokens written for one prompt, whatever the consumer asks. */
  maxTokensPerPrompt?: number;
  /** Replies written at once: as many as the backend runs in parallel. */
  parallelReplies?: number;
  onError?: (error: unknown) => void;
}

/**
 * How far a session.request's timestamp (ms) may be from this provider's
 * clock. The reference proxy-router does not check it; but the approval it
 * answers with is good for 10 minutes on chain (the contract's
 * SIGNATURE_TTL), so a request older than that cannot come from a consumer
 * still waiting for it: it is a copy, replayed to re-register a session key.
 * Ahead: consumer and provider run on different machines, and NTP-synced
 * clocks are within a second of each other; a minute leaves room for a
 * badly set one, and a request dated further ahead could be kept and
 * replayed until its time.
 */
export const sessionRequestMaxAgeMs = 10 * 60_000;
export const sessionRequestMaxAheadMs = 60_000;

export const defaultMaxTokensPerPrompt = 4_096;
/** How long a prompt waits for a reply slot taken by other sessions before it is refused as overloaded. */
const maxTurnWaitMs = 5_000;
/** How long a prompt waits for its session's stopped reply to free the model before it is refused as busy. */
const stopWaitMs = 10_000;
/** Two replies at once: a second session is served beside a long reply, for one more KV cache of memory. */
export const defaultParallelReplies = 2;
/** Ids a chain read found not to be this provider's are not read again for this long. */
const unknownIdsTtlMs = 60_000;
const unknownIdsKept = 100_000;
const unboundSessionsTtlMs = 5_000;

export class MorRpcHandlers {
  readonly #deps: HandlerDeps;
  readonly #key: Uint8Array;
  readonly #account: LocalAccount;
  readonly #clock: ChainClock;
  readonly #book: ApprovalBook;
  readonly #openings: SessionOpenings;
  readonly #slots: ReplySlots;
  readonly #ownBids = new Set<string>();
  readonly #foreignBids = new RecentlySeen({ ttlMs: unknownIdsTtlMs, max: unknownIdsKept });
  readonly #unknownSessions = new RecentlySeen({ ttlMs: unknownIdsTtlMs, max: unknownIdsKept });
  /** Sessions of this provider whose opening was not found: asked again soon, since a node behind may not show it yet. */
  readonly #unboundSessions = new RecentlySeen({ ttlMs: unboundSessionsTtlMs, max: unknownIdsKept });

  constructor(deps: HandlerDeps) {
    this.#deps = deps;
    this.#key = hexToBytes(deps.identity.privateKey.slice(2));
    this.#account = privateKeyToAccount(deps.identity.privateKey);
    this.#clock = new ChainClock(() => deps.chain.chainTime());
    this.#book = new ApprovalBook();
    this.#slots = new ReplySlots(deps.parallelReplies ?? 1);
    this.#openings = new SessionOpenings({
      chain: deps.chain, book: this.#book, registry: deps.registry, ...(deps.onError ? { onError: deps.onError } : {}),
    });
  }

  /** Starts watching the chain for sessions opened with this provider: before it listens, so before any approval is issued. */
  start(): Promise<void> {
    return this.#openings.start();
  }

  close(): void {
    this.#openings.close();
  }

  async handle(method: string, params: unknown, reply: ReplyChannel): Promise<void> {
    switch (method) {
      case 'network.ping': return this.#ping(params, reply);
      case 'session.request': return this.#sessionRequest(params, reply);
      case 'session.prompt': return this.#prompt(params, reply);
      case 'session.report': return this.#report(params, reply);
      default: throw new HearthError('MORRPC_UNKNOWN_METHOD', { details: 'the provider answers network.ping, session.request, session.prompt and session.report' });
    }
  }

  async #ping(params: unknown, reply: ReplyChannel): Promise<void> {
    const { nonce } = parseValue(params, pingRequestSchema);
    reply.result(encodePongResult(withSignature({ nonce, version: this.#deps.identity.version, signature: emptySignature }, encodePongResult, this.#key)));
  }

  async #sessionRequest(params: unknown, reply: ReplyChannel): Promise<void> {
    const request = parseValue(params, sessionRequestSchema);
    if (!hasValidSignature(request, encodeSessionRequest, request.key)) {
      throw new HearthError('MORRPC_BAD_SIGNATURE', { details: 'session.request is not signed by the key it carries' });
    }
    const skewMs = request.timestamp - Date.now();
    if (skewMs < -sessionRequestMaxAgeMs || skewMs > sessionRequestMaxAheadMs) {
      throw new HearthError('MORRPC_STALE_REQUEST', {
        details: `the provider accepts a session.request up to ${sessionRequestMaxAgeMs / 60_000} minutes old and ${sessionRequestMaxAheadMs / 1000} s ahead of its clock`,
      });
    }
    if (!(await this.#isOwnBid(request.bidid))) {
      throw new HearthError('PROVIDER_SESSION_UNKNOWN', { details: 'the bid is not one of this provider\u2019s' });
    }
    const ask = { bidId: request.bidid, user: request.user, key: request.key, requestedAt: request.timestamp };
    // The same request sent again, by its consumer retrying or by anyone replaying it, gets the same approval.
    const issued = this.#book.issuedFor(ask) ?? await this.#issueApproval(ask, reply.asker);
    const result = withSignature({
      message: this.#deps.identity.publicKey, approval: issued.approval, approvalSig: issued.approvalSig, user: request.user,
      timestamp: Date.now(), signature: emptySignature,
    }, encodeSessionResult, this.#key);
    reply.result(encodeSessionResult(result));
  }

  async #issueApproval(ask: ApprovalAsk, asker: Asker): Promise<IssuedApproval> {
    const timestamp = this.#book.reserveSecond(ask.bidId, ask.user, await this.#clock.second(), asker);
    try {
      const approval = encodeApproval({ bidId: ask.bidId, chainId: this.#deps.chain.chainId, user: ask.user, timestamp });
      const issued = { approval, approvalSig: await signForChain(this.#account, approval), key: ask.key, timestamp };
      this.#book.remember(ask, asker, issued);
      return issued;
    } catch (error) {
      this.#book.releaseSecond(ask.bidId, ask.user, timestamp, asker);
      throw error;
    }
  }

  /** Whether a bid is this provider's. A bid's provider never changes, so a yes is remembered, and a no for a while. */
  async #isOwnBid(bidId: Hex): Promise<boolean> {
    const id = bidId.toLowerCase();
    if (this.#ownBids.has(id)) return true;
    if (this.#foreignBids.has(id)) return false;
    const bid = await this.#deps.chain.getBid(bidId);
    const own = bid !== null && bid.provider.toLowerCase() === this.#deps.identity.address.toLowerCase();
    if (own) this.#ownBids.add(id);
    else this.#foreignBids.add(id);
    return own;
  }

  /**
   * The key a session's messages must be signed with: the one asked with
   * the approval that opened it, bound when its opening was read from the
   * chain. A session not bound yet may have opened since the last read: the
   * chain is read once more, and an id still unknown is remembered as such.
   */
  async #sessionKey(sessionId: Hex): Promise<{ key: Hex; session?: ChainSession }> {
    const bound = this.#deps.registry.keyOfSession(sessionId);
    if (bound) return { key: bound };
    const unknown = () => new HearthError('PROVIDER_SESSION_UNKNOWN', { details: 'no session opened with an approval from this provider' });
    if (this.#unknownSessions.has(sessionId) || this.#unboundSessions.has(sessionId)) throw unknown();
    const session = await this.#deps.chain.getSession(sessionId);
    if (!session || !(await this.#isOwnBid(session.bidId))) {
      this.#unknownSessions.add(sessionId);
      throw unknown();
    }
    await this.#openings.catchUp();
    const key = this.#deps.registry.keyOfSession(sessionId);
    if (key) return { key, session };
    // This provider's session, its opening not found: not opened with an approval from here, or not seen yet by a lagging node.
    this.#unboundSessions.add(sessionId);
    throw unknown();
  }

  /** The session on chain, which a key bound to it shows is this provider's. */
  async #boundSession(sessionId: Hex): Promise<ChainSession> {
    const session = await this.#deps.chain.getSession(sessionId);
    if (!session) throw new HearthError('PROVIDER_SESSION_UNKNOWN', { details: 'no session opened with an approval from this provider' });
    return session;
  }

  /** The consumer's request, its reply length capped by the provider. */
  #capped(chat: ChatRequest): ChatRequest {
    const cap = this.#deps.maxTokensPerPrompt ?? defaultMaxTokensPerPrompt;
    return { ...chat, max_tokens: Math.min(chat.max_tokens ?? cap, cap) };
  }

  async #prompt(params: unknown, reply: ReplyChannel): Promise<void> {
    const request = parseValue(params, promptRequestSchema);
    const sessionId = request.sessionid;
    const { key, session: read } = await this.#sessionKey(sessionId);
    if (!hasValidSignature(request, encodePromptRequest, key)) {
      throw new HearthError('MORRPC_BAD_SIGNATURE', { details: 'session.prompt is not signed by the session key' });
    }
    // Whether the session may still be served (its state, the chain's clock) is read while the model reads the prompt:
    // no round trip to the node (50-200 ms on a live chain) stands before the first token, and no text leaves before the answer.
    const standing = Promise.all([read ?? this.#boundSession(sessionId), this.#deps.chain.chainTime()]).then(([session, now]) => {
      if (!session.isActive || session.closedAt > 0n) throw new HearthError('PROVIDER_SESSION_CLOSED');
      if (session.endsAt <= now) throw new HearthError('PROVIDER_SESSION_EXPIRED');
      reply.proven();
    });
    standing.catch(() => undefined);
    const chat = this.#capped(parseMessage(request.message, chatRequestSchema));
    const begun = await this.#deps.registry.begin(sessionId, request.timestamp, stopWaitMs);
    if (begun === 'busy') throw new HearthError('PROVIDER_SESSION_BUSY');
    if (begun === 'replayed') throw new HearthError('MORRPC_REPLAYED', { details: `prompt timestamp ${request.timestamp} is not newer than the last one` });
    let releaseSlot: () => void;
    try {
      releaseSlot = await this.#slots.take(maxTurnWaitMs, reply.signal);
    } catch (error) {
      this.#deps.registry.finish(sessionId);
      throw error;
    }
    // A reply whose consumer went is being stopped: the session's next prompt waits for the model instead of being refused.
    const markStopping = () => this.#deps.registry.stopping(sessionId);
    if (reply.signal.aborted) markStopping();
    else reply.signal.addEventListener('abort', markStopping, { once: true });
    const recipient = hexToBytes(key.slice(2));
    const send = (chunk: string) => {
      const message = Buffer.from(eciesEncrypt(recipient, new TextEncoder().encode(chunk))).toString('hex');
      reply.result(encodePromptResult(withSignature({ message, timestamp: Date.now(), signature: emptySignature }, encodePromptResult, this.#key)));
    };
    const context = { id: `chatcmpl-${randomUUID()}`, model: this.#deps.backend.model, created: Math.floor(Date.now() / 1000) };
    const started = performance.now();
    // Generation stops when the client goes, when the session turns out closed or expired, or when a chunk cannot be sent.
    const stopped = new AbortController();
    let sendFailure: unknown;
    let refusal: unknown;
    // Text waits here until the session is known to stand.
    let held: string[] | null = [];
    const deliver = (chunk: string) => {
      if (sendFailure !== undefined) return;
      if (held) {
        held.push(chunk);
        return;
      }
      try {
        send(chunk);
      } catch (error) {
        sendFailure = error;
        stopped.abort();
      }
    };
    void standing.then(() => {
      const waiting = held ?? [];
      held = null;
      for (const chunk of waiting) deliver(chunk);
    }, (error: unknown) => {
      refusal = error;
      stopped.abort();
    });
    let pieces = 0;
    const pacer = createChunkPacer((text) => deliver(textChunk(context, text, pieces++ === 0)));
    let stats;
    try {
      stats = await this.#deps.backend.complete(chat, pacer.push, AbortSignal.any([reply.signal, stopped.signal])).catch(async (error: unknown) => {
        await standing.catch(() => undefined);
        throw refusal ?? error;
      });
      await standing.catch(() => undefined);
      if (refusal !== undefined) throw refusal;
      if (!reply.signal.aborted) pacer.flush();
      if (sendFailure !== undefined) throw sendFailure;
      if (!reply.signal.aborted) send(finalChunk(context, stats));
    } finally {
      releaseSlot();
      reply.signal.removeEventListener('abort', markStopping);
      const seconds = Math.max((performance.now() - started) / 1000, 0.001);
      this.#deps.registry.finish(sessionId, refusal === undefined ? stats && {
        ...stats, tpsScaled1000: Math.round((stats.outputTokens / seconds) * 1000),
      } : undefined);
    }
  }

  async #report(params: unknown, reply: ReplyChannel): Promise<void> {
    const request = parseValue(params, reportRequestSchema);
    const sessionId = request.message.toLowerCase() as Hex;
    const { key } = await this.#sessionKey(sessionId);
    if (!hasValidSignature(request, encodeReportRequest, key)) {
      throw new HearthError('MORRPC_BAD_SIGNATURE', { details: 'session.report is not signed by the session key' });
    }
    reply.proven();
    const stats = this.#deps.registry.statsOf(sessionId);
    const now = Date.now();
    const receipt = encodeReceipt({
      sessionId, chainId: this.#deps.chain.chainId, timestamp: await this.#clock.second({ fresh: true }),
      tpsScaled1000: Math.min(stats.tpsScaled1000, 0xffffffff), ttftMs: Math.min(stats.ttftMs, 0xffffffff),
      inputTokens: Math.min(stats.inputTokens, 0xffffffff), outputTokens: Math.min(stats.outputTokens, 0xffffffff),
    });
    const signedReport = await signForChain(this.#account, receipt);
    reply.result(encodeReportResult(withSignature({ message: receipt, signedReport, timestamp: now, signature: emptySignature }, encodeReportResult, this.#key)));
  }
}
