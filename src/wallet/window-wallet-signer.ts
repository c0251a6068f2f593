/**
 * The user's own wallet, connected in the window: the core never sees its
 * key. Each transaction, typed data or message goes to the window as a sign
 * request (with what it does, in words); the window shows it to the person,
 * has their wallet sign it (and send it, for a transaction), and answers
 * with the hash or signature, or says the person declined. One request is
 * out at a time, as a wallet shows them.
 */
import { randomUUID } from 'node:crypto';
import type { Address, Hash, Hex } from 'viem';
import type { SignRequestEvent, TypedDataWire } from '../api/contract.ts';
import { HearthError } from '../api/errors.ts';
import type { TransactionRequest, WalletSigner } from './signer.ts';

export type SignRequest = SignRequestEvent;

export type SignAnswer = { hash: Hash } | { signature: Hex } | { rejected: true } | { unsupported: true };

/** A signature asked of the wallet: what is signed, and what it is for, in words. */
export type SignatureRequest = ({ typedData: TypedDataWire } | { message: string }) & { purpose: string };

interface Pending {
  request: SignRequest;
  resolve(result: Hex): void;
  reject(error: HearthError): void;
  timer: NodeJS.Timeout;
}

/** How long a request waits for the person before it is given up. */
const defaultAnswerTimeoutMs = 10 * 60_000;

/** The answer a request of this kind takes: a transaction's hash, or a signature. */
function resultOf(request: SignRequest, answer: SignAnswer): Hex | HearthError | undefined {
  if ('rejected' in answer) {
    if (request.kind === 'transaction') return new HearthError('WALLET_REJECTED', { details: 'the transaction was declined in the wallet' });
    return new HearthError('WALLET_REJECTED', {
      message: 'You declined the signature in your wallet, so nothing was signed.',
      action: 'Nothing changed. Try again when you are ready, and approve it in the wallet.',
      details: 'the signature was declined in the wallet',
    });
  }
  if ('unsupported' in answer) return new HearthError('WALLET_METHOD_UNSUPPORTED', { details: `the wallet cannot sign ${request.kind}` });
  if (request.kind === 'transaction') return 'hash' in answer ? answer.hash : undefined;
  return 'signature' in answer ? answer.signature : undefined;
}

export class WindowWalletSigner implements WalletSigner {
  readonly address: Address;
  readonly chainId: number;
  readonly #ask: (request: SignRequest) => void;
  readonly #answerTimeoutMs: number;
  readonly #pending = new Map<string, Pending>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: { address: Address; chainId: number; ask: (request: SignRequest) => void; answerTimeoutMs?: number }) {
    this.address = options.address;
    this.chainId = options.chainId;
    this.#ask = options.ask;
    this.#answerTimeoutMs = options.answerTimeoutMs ?? defaultAnswerTimeoutMs;
  }

  sendTransaction({ chainId, to, data, value, purpose }: TransactionRequest): Promise<Hash> {
    if (chainId !== this.chainId) {
      return Promise.reject(new HearthError('CHAIN_WRONG_NETWORK', { details: `the wallet is on chain ${this.chainId}; this transaction is for chain ${chainId}` }));
    }
    return this.#inTurn((id) => ({ kind: 'transaction', id, chainId, to, data, valueWei: (value ?? 0n).toString(), purpose }));
  }

  /** Has the wallet sign typed data (EIP-712) or a message (EIP-191); WALLET_METHOD_UNSUPPORTED when it cannot. */
  sign(request: SignatureRequest): Promise<Hex> {
    const { purpose } = request;
    const { chainId } = this;
    return this.#inTurn((id) =>
      'typedData' in request
        ? { kind: 'typedData', id, chainId, typedData: request.typedData, purpose }
        : { kind: 'message', id, chainId, message: request.message, purpose },
    );
  }

  #inTurn(build: (id: string) => SignRequest): Promise<Hex> {
    const answered = this.#queue.then(() => this.#askOne(build(randomUUID())));
    this.#queue = answered.catch(() => undefined);
    return answered;
  }

  #askOne(request: SignRequest): Promise<Hex> {
    const { id, purpose } = request;
    return new Promise<Hex>((resolve, reject) => {
      const timer = setTimeout(() => this.#settle(id, new HearthError('WALLET_NO_ANSWER', { details: `no answer within ${this.#answerTimeoutMs / 1000} s: ${purpose}` })), this.#answerTimeoutMs);
      this.#pending.set(id, { request, resolve, reject, timer });
      this.#ask(request);
    });
  }

  /** The requests still waiting for an answer, oldest first: a window loaded after they were asked shows them again. */
  waiting(): SignRequest[] {
    return [...this.#pending.values()].map((pending) => pending.request);
  }

  /**
   * The window's answer to a request; false for one that is not waiting (answered already, or given up), or an
   * answer of the wrong kind (a signature for a transaction), which leaves the request waiting.
   */
  answer(id: string, answer: SignAnswer): boolean {
    const pending = this.#pending.get(id);
    const result = pending && resultOf(pending.request, answer);
    if (result === undefined) return false;
    this.#settle(id, result);
    return true;
  }

  /** The wallet was disconnected: every request still waiting is declined. */
  disconnect(): void {
    for (const id of [...this.#pending.keys()]) this.#settle(id, new HearthError('WALLET_REJECTED', { details: 'the wallet was disconnected' }));
  }

  #settle(id: string, outcome: Hex | HearthError): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    if (outcome instanceof HearthError) pending.reject(outcome);
    else pending.resolve(outcome);
  }
}
