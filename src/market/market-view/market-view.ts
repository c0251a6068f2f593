/**
 * The market, kept read in the background: a full read now and then on an
 * interval, the last good read cached with its time. Nothing waits on it
 * (local chat never does): callers take `state` as it is. When a read fails
 * (the chain's node down, answering 429, or on another network) the last
 * good read is kept, the state says why, and reads are retried with waits
 * that double up to the normal interval, for as long as the view runs.
 */
import { toErrorPayload, type ErrorPayload } from '../../api/errors.ts';
import type { ChainClient } from '../chain/client.ts';
import { readMarket, type MarketSnapshot } from './read-market.ts';

export type { MarketBid, MarketModel, MarketProvider, MarketSnapshot, RankedBid, SkippedBid } from './read-market.ts';
export type { PingOutcome } from './ping-provider.ts';

export interface MarketViewState {
  /** `reading` until the first read ends; then how the latest read went. */
  status: 'reading' | 'ready' | 'failed';
  /** The latest good read; kept while later reads fail. */
  snapshot: MarketSnapshot | null;
  /** Why the latest read failed (status `failed`). */
  error?: ErrorPayload;
  /** Failed reads in a row. */
  failures: number;
  /** When the next read starts, in ms since the epoch; absent when the view is not running. */
  nextReadAt?: number;
}

export interface MarketViewOptions {
  client: ChainClient;
  /** Between two reads after a good one. */
  refreshMs?: number;
  /** The wait after a first failed read; it doubles with each failure, up to `refreshMs`. */
  retryMs?: number;
  /** How long a provider has to answer its ping. */
  pingTimeoutMs?: number;
}

export class MarketView {
  readonly #client: ChainClient;
  readonly #refreshMs: number;
  readonly #retryMs: number;
  readonly #pingTimeoutMs: number;
  readonly #listeners = new Set<(state: MarketViewState) => void>();
  #state: MarketViewState = { status: 'reading', snapshot: null, failures: 0 };
  #reading: Promise<MarketViewState> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #abort = new AbortController();

  constructor(options: MarketViewOptions) {
    this.#client = options.client;
    this.#refreshMs = options.refreshMs ?? 60_000;
    this.#retryMs = Math.min(options.retryMs ?? 2_000, this.#refreshMs);
    this.#pingTimeoutMs = options.pingTimeoutMs ?? 5_000;
  }

  get state(): MarketViewState {
    return this.#state;
  }

  /** Called after every read, good or failed. Returns the unsubscribe. */
  onChange(listener: (state: MarketViewState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Starts reading in the background: now, then on schedule. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    void this.refresh();
  }

  /** Reads now (or joins the read under way) and resolves with the state after it. */
  refresh(): Promise<MarketViewState> {
    this.#reading ??= this.#read().finally(() => { this.#reading = undefined; });
    return this.#reading;
  }

  /** Stops the schedule and cancels the pings of a read under way; the last state stays readable. */
  stop(): void {
    this.#running = false;
    this.#abort.abort();
    this.#abort = new AbortController();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const { nextReadAt: _, ...rest } = this.#state;
    this.#state = rest;
  }

  async #read(): Promise<MarketViewState> {
    clearTimeout(this.#timer);
    const { signal } = this.#abort;
    let next: MarketViewState;
    try {
      const snapshot = await readMarket(this.#client, { pingTimeoutMs: this.#pingTimeoutMs, signal });
      next = { status: 'ready', snapshot, failures: 0 };
    } catch (error) {
      next = { status: 'failed', snapshot: this.#state.snapshot, error: toErrorPayload(error), failures: this.#state.failures + 1 };
    }
    // Stopped meanwhile: its pings were cancelled, so what it saw is not the market.
    if (signal.aborted) return this.#state;
    this.#state = next;
    if (this.#running) this.#schedule();
    for (const listener of this.#listeners) listener(this.#state);
    return this.#state;
  }

  #schedule(): void {
    const { failures } = this.#state;
    const delay = failures === 0 ? this.#refreshMs : Math.min(this.#retryMs * 2 ** (failures - 1), this.#refreshMs);
    this.#state = { ...this.#state, nextReadAt: Date.now() + delay };
    this.#timer = setTimeout(() => void this.refresh(), delay);
    this.#timer.unref();
  }
}
