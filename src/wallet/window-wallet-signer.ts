/**
 * The user's own wallet, connected in the window: the core never sees its
 * key. Each transaction goes to the window as a sign request (with what it
 * does, in words); the window shows it to the person, has their wallet sign
 * and send it, and answers with its hash, or says the person declined.
 * One request is out at a time, as a wallet shows them.
 */
import { randomUUID } from 'node:crypto';
import type { Address, Hash, Hex } from 'viem';
import { HearthError } from '../api/errors.ts';
import type { TransactionRequest, WalletSigner } from './signer.ts';

export interface SignRequest {
  id: string;
  chainId: number;
  to: Address;
  data: Hex;
  valueWei: string;
  purpose: string;
}

export type SignAnswer = { hash: Hash } | { rejected: true };

interface Pending {
  request: SignRequest;
  resolve(hash: Hash): void;
  reject(error: HearthError): void;
  timer: NodeJS.Timeout;
}

/** How long a request waits for the person before it is given up. */
const defaultAnswerTimeoutMs = 10 * 60_000;

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

  sendTransaction(request: TransactionRequest): Promise<Hash> {
    const sent = this.#queue.then(() => this.#askOne(request));
    this.#queue = sent.catch(() => undefined);
    return sent;
  }

  #askOne({ chainId, to, data, value, purpose }: TransactionRequest): Promise<Hash> {
    if (chainId !== this.chainId) {
      return Promise.reject(new HearthError('CHAIN_WRONG_NETWORK', { details: `the wallet is on chain ${this.chainId}; this transaction is for chain ${chainId}` }));
    }
    const id = randomUUID();
    return new Promise<Hash>((resolve, reject) => {
      const timer = setTimeout(() => this.#settle(id, new HearthError('WALLET_NO_ANSWER', { details: `no answer within ${this.#answerTimeoutMs / 1000} s: ${purpose}` })), this.#answerTimeoutMs);
      const request: SignRequest = { id, chainId, to, data, valueWei: (value ?? 0n).toString(), purpose };
      this.#pending.set(id, { request, resolve, reject, timer });
      this.#ask(request);
    });
  }

  /** The requests still waiting for an answer, oldest first: a window loaded after they were asked shows them again. */
  waiting(): SignRequest[] {
    return [...this.#pending.values()].map((pending) => pending.request);
  }

  /** The window's answer to a request; false for one that is not waiting (answered already, or given up). */
  answer(id: string, answer: SignAnswer): boolean {
    if (!this.#pending.has(id)) return false;
    this.#settle(id, 'hash' in answer ? answer.hash : new HearthError('WALLET_REJECTED', { details: 'declined in the wallet' }));
    return true;
  }

  /** The wallet was disconnected: every request still waiting is declined. */
  disconnect(): void {
    for (const id of [...this.#pending.keys()]) this.#settle(id, new HearthError('WALLET_REJECTED', { details: 'the wallet was disconnected' }));
  }

  #settle(id: string, outcome: Hash | HearthError): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    if (outcome instanceof HearthError) pending.reject(outcome);
    else pending.resolve(outcome);
  }
}
