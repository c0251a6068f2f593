/**
 * Binds each session opened with this provider to the key that was asked
 * with the approval it was opened with, as soon as the opening is mined:
 * the provider reads the marketplace's SessionOpened events naming it and
 * the input of each opening transaction, which carries the approval
 * verbatim (even when a contract wallet relayed the call). The key is
 * never guessed from the newest approval for a user, so no request from a
 * stranger can bind a paying user's session to another key; and since
 * openings are bound as they happen, an approval need only be kept until
 * the chain would refuse it.
 */
import { encodeAbiParameters } from 'viem';
import type { Hex } from '../market/morrpc/messages.ts';
import type { ApprovalBook } from './approval-book.ts';
import type { ProviderChain } from './chain.ts';
import type { SessionRegistry } from './session-registry.ts';

export interface SessionOpeningsOptions {
  chain: ProviderChain;
  book: ApprovalBook;
  registry: SessionRegistry;
  onError?: (error: unknown) => void;
}

/** How often the chain is read for new openings; a prompt for a session not bound yet also reads it at once. */
const pollMs = 2_000;

/** An approval is abi.encode(bytes32 bidId, uint256 chainId, address user, uint128 timestamp): 4 words. */
const approvalHexLength = 4 * 64;

/**
 * The keys of the approvals from this provider found in a transaction's input: each
 * approval's second word is the chain id, so every place it occurs is tried.
 */
function keysInOpening(input: Hex, chainId: bigint, book: ApprovalBook): Set<Hex> {
  const data = input.slice(2).toLowerCase();
  const chainWord = encodeAbiParameters([{ type: 'uint256' }], [chainId]).slice(2);
  const keys = new Set<Hex>();
  for (let at = data.indexOf(chainWord, 64); at !== -1; at = data.indexOf(chainWord, at + 1)) {
    if (at % 2 !== 0) continue;
    const approval = data.slice(at - 64, at - 64 + approvalHexLength);
    const key = approval.length === approvalHexLength ? book.keyOf(`0x${approval}`) : undefined;
    if (key) keys.add(key);
  }
  return keys;
}

export class SessionOpenings {
  readonly #options: SessionOpeningsOptions;
  #nextBlock = 0n;
  #timer: NodeJS.Timeout | undefined;
  #reading: Promise<void> | undefined;
  #closed = false;

  constructor(options: SessionOpeningsOptions) {
    this.#options = options;
  }

  /** Starts watching from the latest block: approvals are issued from now on, so earlier openings cannot carry one. */
  async start(): Promise<void> {
    this.#nextBlock = await this.#options.chain.latestBlock();
    this.#schedule();
  }

  /** Reads the openings mined since the last read; concurrent callers share one read. */
  catchUp(): Promise<void> {
    this.#reading ??= this.#read().finally(() => { this.#reading = undefined; });
    return this.#reading;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.catchUp().catch((error: unknown) => this.#options.onError?.(error)).finally(() => this.#schedule());
    }, pollMs);
    this.#timer.unref();
  }

  async #read(): Promise<void> {
    const { chain, book, registry } = this.#options;
    for (;;) {
      const { toBlock, caughtUp, opened } = await chain.sessionsOpenedSince(this.#nextBlock);
      for (const { sessionId, input } of opened) {
        if (registry.keyOfSession(sessionId)) continue;
        // Several of this provider's approvals with different keys in one transaction (sessions opened in a batch): which is whose is unknown.
        const keys = keysInOpening(input, chain.chainId, book);
        const [key] = keys;
        if (keys.size === 1 && key) registry.bindKey(sessionId, key);
      }
      if (toBlock >= this.#nextBlock) this.#nextBlock = toBlock + 1n;
      if (caughtUp) return;
    }
  }
}
