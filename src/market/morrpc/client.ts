/**
 * The consumer's side of MOR-RPC: signs requests with the session key,
 * checks the provider's signature on every reply and decrypts streamed
 * prompt replies. Errors the provider sends come back as HearthErrors.
 */
import { randomUUID } from 'node:crypto';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { errorCodes, HearthError, type ErrorCode } from '../../api/errors.ts';
import { exchange } from './connection.ts';
import { eciesDecrypt } from './ecies.ts';
import {
  emptySignature, encodePingRequest, encodePongResult, encodePromptRequest, encodePromptResult, encodeReportRequest,
  encodeReportResult, encodeRpcRequest, encodeSessionRequest, encodeSessionResult, type Hex, type PongResult, type ReportResult,
  type RpcErrorBody, type SessionResult,
} from './messages.ts';
import {
  parseMessage, parseValue, pongResultSchema, promptResultSchema, reportResultSchema, rpcResponseSchema, sessionResultSchema,
} from './schemas.ts';
import { publicKeyOf } from './signature.ts';
import { errorHasValidSignature, hasValidSignature, withSignature } from './signing.ts';

export interface MorRpcClientOptions {
  host: string;
  port: number;
  /** The consumer's session key: signs requests, decrypts replies. */
  sessionKey: Uint8Array;
  /** The provider's public key, once known (session.request returns it). */
  providerPublicKey?: Hex;
}

/** An error the provider sent: its "CODE: sentence" text becomes that code when Hearth knows it. */
function providerError(body: RpcErrorBody): HearthError {
  const code = body.message.split(':', 1)[0] ?? '';
  if (code in errorCodes) return new HearthError(code as ErrorCode, { details: `the provider said: ${body.message}` });
  return new HearthError('PROVIDER_BACKEND_FAILED', { details: `the provider said: ${body.message}` });
}

/** How far the provider's clock may run behind this one's (ms); beyond it, a chunk dated before its prompt is an old one. */
const chunkClockSkewMs = 60_000;

export class MorRpcClient {
  readonly #options: MorRpcClientOptions;
  #providerPublicKey: Hex | undefined;

  constructor(options: MorRpcClientOptions) {
    this.#options = options;
    this.#providerPublicKey = options.providerPublicKey;
  }

  get providerPublicKey(): Hex | undefined {
    return this.#providerPublicKey;
  }

  /** Sends one request; calls `onResult` with each result after checking it is the provider's. */
  async #call(method: string, params: string, onResult: (result: unknown) => void, signal?: AbortSignal): Promise<void> {
    let failure: HearthError | undefined;
    await exchange({
      host: this.#options.host,
      port: this.#options.port,
      request: encodeRpcRequest(randomUUID(), method, params),
      ...(signal ? { signal } : {}),
      onReply: (text) => {
        if (failure) return;
        const reply = parseMessage(text, rpcResponseSchema);
        if (reply.error) {
          const key = this.#providerPublicKey;
          failure = key && !errorHasValidSignature(reply.error, key)
            ? new HearthError('MORRPC_BAD_SIGNATURE', { details: 'an error reply is not signed by the provider' })
            : providerError(reply.error);
          return;
        }
        onResult(reply.result);
      },
    });
    if (failure) throw failure;
  }

  #checkSigned<T extends { signature: Hex }>(result: T, encode: (m: T) => string, what: string): T {
    const key = this.#providerPublicKey;
    if (key && !hasValidSignature(result, encode, key)) {
      throw new HearthError('MORRPC_BAD_SIGNATURE', { details: `${what} is not signed by the provider` });
    }
    return result;
  }

  async ping(signal?: AbortSignal): Promise<PongResult> {
    const nonce = `0x${bytesToHex(crypto.getRandomValues(new Uint8Array(8)))}` as Hex;
    const request = withSignature({ nonce, signature: emptySignature }, encodePingRequest, this.#options.sessionKey);
    let pong: PongResult | undefined;
    await this.#call('network.ping', encodePingRequest(request), (result) => {
      pong = this.#checkSigned(parseValue(result, pongResultSchema), encodePongResult, 'the pong');
    }, signal);
    if (!pong || pong.nonce !== nonce) throw new HearthError('MORRPC_MALFORMED', { details: 'the provider did not echo the ping nonce' });
    return pong;
  }

  /** Asks for the provider's approval to open a session on `bidId`; learns the provider's public key. */
  async requestSession(args: { user: Hex; bidId: Hex; spend: bigint }): Promise<SessionResult> {
    const request = withSignature({
      signature: emptySignature, user: args.user, key: publicKeyOf(this.#options.sessionKey), spend: args.spend, timestamp: Date.now(), bidid: args.bidId,
    }, encodeSessionRequest, this.#options.sessionKey);
    let session: SessionResult | undefined;
    await this.#call('session.request', encodeSessionRequest(request), (result) => {
      const parsed = parseValue(result, sessionResultSchema);
      // The reply is signed by the key it announces; the approval signature ties that key to the bid's provider on chain.
      if (!hasValidSignature(parsed, encodeSessionResult, parsed.message)) {
        throw new HearthError('MORRPC_BAD_SIGNATURE', { details: 'the session approval reply is not signed by the key it carries' });
      }
      session = parsed;
    });
    if (!session) throw new HearthError('MORRPC_INCOMPLETE', { details: 'the provider closed the connection without an approval' });
    this.#providerPublicKey = session.message;
    return session;
  }

  /**
   * Sends an OpenAI chat request; `onChunk` gets each decrypted chunk's JSON
   * text as it streams. A chunk is refused as replayed when it repeats one of
   * this reply (every encryption is fresh, so a copy is the same ciphertext)
   * or is dated before the prompt by more than two clocks can differ: a chunk
   * of an earlier reply of the same session, which the session key would
   * otherwise decrypt and show as new text.
   */
  async prompt(sessionId: Hex, chatRequest: string, onChunk: (chunk: string) => void, signal?: AbortSignal): Promise<void> {
    const sentAt = Date.now();
    const request = withSignature({ signature: emptySignature, sessionid: sessionId, message: chatRequest, timestamp: sentAt }, encodePromptRequest, this.#options.sessionKey);
    const seen = new Set<string>();
    await this.#call('session.prompt', encodePromptRequest(request), (result) => {
      const reply = this.#checkSigned(parseValue(result, promptResultSchema), encodePromptResult, 'a reply chunk');
      if (seen.has(reply.message) || reply.timestamp < sentAt - chunkClockSkewMs) {
        throw new HearthError('MORRPC_REPLAYED_CHUNK', { details: seen.has(reply.message) ? 'a chunk came twice' : `a chunk dated ${sentAt - reply.timestamp} ms before the prompt` });
      }
      seen.add(reply.message);
      onChunk(new TextDecoder().decode(eciesDecrypt(this.#options.sessionKey, hexToBytes(reply.message))));
    }, signal);
  }

  /** Asks for the provider-signed receipt that closes the session. */
  async report(sessionId: Hex): Promise<ReportResult> {
    const request = withSignature({ signature: emptySignature, message: sessionId, timestamp: Date.now() }, encodeReportRequest, this.#options.sessionKey);
    let report: ReportResult | undefined;
    await this.#call('session.report', encodeReportRequest(request), (result) => {
      report = this.#checkSigned(parseValue(result, reportResultSchema), encodeReportResult, 'the report');
    });
    if (!report) throw new HearthError('MORRPC_INCOMPLETE', { details: 'the provider closed the connection without a report' });
    return report;
  }
}
