/**
 * The transactions and signatures the core asks of the window's wallet, reviewed one
 * at a time in the order they came, on whatever page is open; and what
 * became of the last one, until the person dismisses it.
 */
import { useEffect, useRef, useState } from 'react';
import type { SignRequestEvent } from '../../../src/api/index.ts';
import { useHearth } from '../state/HearthProvider.tsx';
import type { MarketplaceChain } from './chains.ts';
import { ReviewDialog } from './ReviewDialog.tsx';
import type { QueuedSignRequest, WalletNotice } from './review-parts.tsx';
import { SignatureReviewDialog } from './SignatureReviewDialog.tsx';
import { useWallet } from './wallet-context.ts';

/** The queue with the requests it does not hold yet appended, in their order. */
function withNew(queued: QueuedSignRequest[], requests: readonly SignRequestEvent[]): QueuedSignRequest[] {
  const held = new Set(queued.map((request) => request.id));
  const fresh = requests.filter((request) => !held.has(request.id)).map((request) => ({ ...request, receivedAt: Date.now() }));
  return fresh.length === 0 ? queued : [...queued, ...fresh];
}

export function SignRequests({ marketplaces }: { marketplaces: readonly MarketplaceChain[] }) {
  const { api } = useHearth();
  const { linked } = useWallet();
  const [queue, setQueue] = useState<QueuedSignRequest[]>([]);
  const [notice, setNotice] = useState<WalletNotice | null>(null);

  useEffect(
    () => api.on('wallet.signRequest', (request) => setQueue((waiting) => withNew(waiting, [request]))),
    [api],
  );

  // Requests asked before this window loaded (a reload mid-review) still wait in the core: shown again once the wallet is linked.
  useEffect(() => {
    if (!linked) return;
    let current = true;
    api.call('wallet.signRequests', {}).then(
      (waiting) => current && setQueue((queued) => withNew(queued, waiting)),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, linked]);

  // Unlinking the wallet makes the core decline every request still waiting, so none is left to answer.
  const wasLinked = useRef(linked);
  useEffect(() => {
    if (wasLinked.current && !linked) setQueue([]);
    wasLinked.current = linked;
  }, [linked]);

  const current = queue[0];
  const closed = (id: string, next: WalletNotice | null) => {
    setQueue((waiting) => waiting.filter((request) => request.id !== id));
    if (next !== null) setNotice(next);
  };

  return (
    <>
      {current === undefined ? null : current.kind === 'transaction' ? (
        <ReviewDialog key={current.id} request={current} marketplaces={marketplaces} onClosed={(next) => closed(current.id, next)} />
      ) : (
        <SignatureReviewDialog key={current.id} request={current} onClosed={(next) => closed(current.id, next)} />
      )}
      {notice !== null ? (
        <div className={`wallet-notice wallet-notice--${notice.tone}`} role={notice.tone} data-testid="wallet-notice">
          <p>{notice.text}</p>
          <button type="button" className="button button--quiet" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
    </>
  );
}
