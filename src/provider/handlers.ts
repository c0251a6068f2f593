/**
 * The provider's answer to each MOR-RPC method. Every request's signature
 * is checked except a ping's (it carries no key to check it against, and
 * the reference node does not check it either); a session request must be
 * dated close to now; prompts also need a session that is open on chain, not
 * expired, for one of this provider's bids, not already answering, and a
 * timestamp newer than the session's last prompt.
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
import type { ChainSession, ProviderChain } from './chain.ts';
import { createChunkPacer } from './chunk-pacer.ts';
import { chatRequestSchema, type CompletionBackend } from '../completion/completion-backend.ts';
import { finalChunk, textChunk } from './openai-chunks.ts';
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
}

export interface HandlerDeps {
  identity: ProviderIdentity;
  chain: ProviderChain;
  backend: CompletionBackend;
  registry: SessionRegistry;
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

export class MorRpcHandlers {
  readonly #deps: HandlerDeps;
  readonly #key: Uint8Array;
  readonly #account: LocalAccount;
  /** The last approval second per bid and user: the contract refuses an approval it has seen, so two in one second must differ. */
  readonly #lastApproval = new Map<string, bigint>();
  readonly #ownBids = new Set<Hex>();

  constructor(deps: HandlerDeps) {
    this.#deps = deps;
    this.#key = hexToBytes(deps.identity.privateKey.slice(2));
    this.#account = privateKeyToAccount(deps.identity.privateKey);
  }

  async handle(method: string, params: unknown, reply: ReplyChannel): Promise<void> {
    switch (method) {
      case 'network.ping': return this.#ping(params, reply);
      case 'session.request': return this.#sessionRequest(params, reply);
      case 'session.prompt': return this.#prompt(params, reply);
      case 'session.report': return this.#report(params, reply);
      default: throw new HearthError('MORRPC_UNKNOWN_METHOD', { details: `unknown method ${JSON.stringify(method.slice(0, 100))}` });
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
        details: `session.request is dated ${Math.round(Math.abs(skewMs) / 1000)} s ${skewMs < 0 ? 'ago' : 'ahead'}; ` +
          `the provider accepts up to ${sessionRequestMaxAgeMs / 60_000} minutes old and ${sessionRequestMaxAheadMs / 1000} s ahead`,
      });
    }
    if (!(await this.#isOwnBid(request.bidid))) {
      throw new HearthError('PROVIDER_SESSION_UNKNOWN', { details: `bid ${request.bidid} is not one of this provider's bids` });
    }
    const now = Date.now();
    const approvalKey = `${request.bidid}:${request.user}`;
    const last = this.#lastApproval.get(approvalKey) ?? 0n;
    const second = await this.#contractSecond(now);
    const timestamp = second > last ? second : last + 1n;
    this.#lastApproval.set(approvalKey, timestamp);
    const approval = encodeApproval({ bidId: request.bidid, chainId: this.#deps.chain.chainId, user: request.user, timestamp });
    const approvalSig = await signForChain(this.#account, approval);
    this.#deps.registry.rememberApproval(request.bidid, { approval, key: request.key });
    const result = withSignature({
      message: this.#deps.identity.publicKey, approval, approvalSig, user: request.user, timestamp: now, signature: emptySignature,
    }, encodeSessionResult, this.#key);
    reply.result(encodeSessionResult(result));
  }

  /** Whether a bid is this provider's. A bid's provider never changes, so a yes is remembered: one chain read less before each prompt. */
  async #isOwnBid(bidId: Hex): Promise<boolean> {
    if (this.#ownBids.has(bidId)) return true;
    const bid = await this.#deps.chain.getBid(bidId);
    const own = bid !== null && bid.provider.toLowerCase() === this.#deps.identity.address.toLowerCase();
    if (own) this.#ownBids.add(bidId);
    return own;
  }

  /** The session on chain, if it belongs to one of this provider's bids. */
  async #ownSession(sessionId: Hex): Promise<ChainSession> {
    const session = await this.#deps.chain.getSession(sessionId);
    if (!session || !(await this.#isOwnBid(session.bidId))) {
      throw new HearthError('PROVIDER_SESSION_UNKNOWN', { details: `no session ${sessionId} with this provider on chain` });
    }
    return session;
  }

  /**
   * The key a session's messages must be signed with: the one announced
   * with the approval that opened it. The session on chain does not say
   * which approval that was, and the live contract does not check the
   * approval's user (a session opened by one address with an approval
   * issued for another is valid), so neither the user nor "some used
   * approval" identifies it: anyone can ask for an approval naming any
   * user and open a session of their own with it. The transaction that
   * opened the session carries its approval, verbatim even when a contract
   * wallet relayed the call; only the user, or whoever it delegated to, sent it.
   */
  async #sessionKey(sessionId: Hex, session: ChainSession): Promise<Hex> {
    const bound = this.#deps.registry.keyOfSession(sessionId);
    if (bound) return bound;
    const issued = this.#deps.registry.approvalsFor(session.bidId);
    const input = issued.length > 0 ? (await this.#deps.chain.openingInput({ sessionId, openedAt: session.openedAt }))?.toLowerCase() : undefined;
    const keys = new Set(input ? issued.filter(({ approval }) => input.includes(approval.slice(2).toLowerCase())).map(({ key }) => key) : []);
    // Several of this bid's approvals in one transaction (sessions opened in a batch) with different keys: which is this session's is unknown.
    const [key] = keys;
    if (keys.size !== 1 || !key) {
      throw new HearthError('PROVIDER_SESSION_UNKNOWN', { details: 'this session was not opened with an approval from this provider' });
    }
    this.#deps.registry.bindKey(sessionId, key);
    return key;
  }

  async #prompt(params: unknown, reply: ReplyChannel): Promise<void> {
    const request = parseValue(params, promptRequestSchema);
    const sessionId = request.sessionid;
    // Whether the session may still be served (its state, the chain's clock) is read while the model reads the prompt:
    // no round trip to the node (50-200 ms on a live chain) stands before the first token, and no text leaves before the answer.
    // With the session's key known, the reads start once generation is under way.
    const bound = this.#deps.registry.keyOfSession(sessionId);
    const afterGenerationStarts = new Promise<void>((resolve) => setImmediate(resolve));
    const sessionRead = bound ? afterGenerationStarts.then(() => this.#ownSession(sessionId)) : this.#ownSession(sessionId);
    const chainTime = bound ? afterGenerationStarts.then(() => this.#deps.chain.chainTime()) : this.#deps.chain.chainTime();
    const standing = Promise.all([sessionRead, chainTime]).then(([session, now]) => {
      if (!session.isActive || session.closedAt > 0n) throw new HearthError('PROVIDER_SESSION_CLOSED');
      if (session.endsAt <= now) throw new HearthError('PROVIDER_SESSION_EXPIRED');
    });
    standing.catch(() => undefined);
    // The session's key is known from its first prompt on; the first needs the session itself.
    const key = bound ?? (await this.#sessionKey(sessionId, await sessionRead));
    if (!hasValidSignature(request, encodePromptRequest, key)) {
      throw new HearthError('MORRPC_BAD_SIGNATURE', { details: 'session.prompt is not signed by the session key' });
    }
    const chat = parseMessage(request.message, chatRequestSchema);
    const begun = this.#deps.registry.tryBegin(sessionId, request.timestamp);
    if (begun === 'busy') throw new HearthError('PROVIDER_SESSION_BUSY');
    if (begun === 'replayed') throw new HearthError('MORRPC_REPLAYED', { details: `prompt timestamp ${request.timestamp} is not newer than the last one` });
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
      const seconds = Math.max((performance.now() - started) / 1000, 0.001);
      this.#deps.registry.finish(sessionId, refusal === undefined ? stats && {
        ...stats, tpsScaled1000: Math.round((stats.outputTokens / seconds) * 1000),
      } : undefined);
    }
  }

  /**
   * The second an approval or receipt is dated: the contract checks its age
   * against block time, so a chain whose clock runs ahead of this computer's
   * (a dev chain moved forward, a drifting clock) is followed.
   */
  async #contractSecond(nowMs: number): Promise<bigint> {
    const wall = BigInt(Math.floor(nowMs / 1000));
    const chain = await this.#deps.chain.chainTime();
    return chain > wall ? chain : wall;
  }

  async #report(params: unknown, reply: ReplyChannel): Promise<void> {
    const request = parseValue(params, reportRequestSchema);
    const sessionId = request.message.toLowerCase() as Hex;
    const session = await this.#ownSession(sessionId);
    if (!hasValidSignature(request, encodeReportRequest, await this.#sessionKey(sessionId, session))) {
      throw new HearthError('MORRPC_BAD_SIGNATURE', { details: 'session.report is not signed by the session key' });
    }
    const stats = this.#deps.registry.statsOf(sessionId);
    const now = Date.now();
    const receipt = encodeReceipt({
      sessionId, chainId: this.#deps.chain.chainId, timestamp: await this.#contractSecond(now),
      tpsScaled1000: Math.min(stats.tpsScaled1000, 0xffffffff), ttftMs: Math.min(stats.ttftMs, 0xffffffff),
      inputTokens: Math.min(stats.inputTokens, 0xffffffff), outputTokens: Math.min(stats.outputTokens, 0xffffffff),
    });
    const signedReport = await signForChain(this.#account, receipt);
    reply.result(encodeReportResult(withSignature({ message: receipt, signedReport, timestamp: now, signature: emptySignature }, encodeReportResult, this.#key)));
  }
}
