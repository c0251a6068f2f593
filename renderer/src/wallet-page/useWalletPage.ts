/**
 * What the Wallet page shows: the configured marketplace, the wallet's
 * status and the sessions, read again when sessions or the market change
 * and after each action the page takes.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ErrorPayload, HearthApi, MarketChainView, MarketSessionView, WalletStatus } from '../../../src/api/index.ts';
import { asErrorPayload } from '../bridge/callError.ts';

/** A read that succeeded, failed with a sentence to show, or is still going (null). */
export type Loaded<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload } | null;

export interface WalletPageData {
  /** null while the first read runs; a null value means no marketplace is configured. */
  chain: Loaded<MarketChainView | null>;
  status: Loaded<WalletStatus>;
  sessions: Loaded<MarketSessionView[]>;
  reload(): Promise<void>;
  /** Shows the status an action returned at once, before the reload that follows it. */
  showStatus(status: WalletStatus): void;
}

const settle = <T,>(promise: Promise<T>): Promise<Loaded<T>> =>
  promise.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error: asErrorPayload(error) }));

/** `linkedWallet`: the address the window has linked to the core, or null. */
export function useWalletPage(api: HearthApi, linkedWallet: string | null): WalletPageData {
  const [chain, setChain] = useState<Loaded<MarketChainView | null>>(null);
  const [status, setStatus] = useState<Loaded<WalletStatus>>(null);
  const [sessions, setSessions] = useState<Loaded<MarketSessionView[]>>(null);
  // Reads can overlap (an event during an action's reload): only the latest one is shown.
  const latest = useRef(0);
  const mounted = useRef(true);

  const reload = useCallback(async () => {
    const read = ++latest.current;
    const [nextChain, nextStatus, nextSessions] = await Promise.all([
      settle(api.call('market.chain', {})), settle(api.call('wallet.status', {})), settle(api.call('sessions.list', {})),
    ]);
    if (!mounted.current || read !== latest.current) return;
    setChain(nextChain);
    setStatus(nextStatus);
    setSessions(nextSessions);
  }, [api]);

  useEffect(() => {
    mounted.current = true;
    const offs = [api.on('sessions.changed', () => void reload()), api.on('market.changed', () => void reload())];
    return () => {
      mounted.current = false;
      for (const off of offs) off();
    };
  }, [api, reload]);

  // Read on opening, and again when the window links or unlinks a wallet: no event says so.
  useEffect(() => {
    void reload();
  }, [reload, linkedWallet]);

  const showStatus = useCallback((value: WalletStatus) => setStatus({ ok: true, value }), []);
  return { chain, status, sessions, reload, showStatus };
}
