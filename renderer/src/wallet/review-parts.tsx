/**
 * What the review of a transaction and the review of a signature share:
 * the request as the window queues it, what the person is told once the
 * dialog closes, the answer sent back to the core, a line of facts, and
 * what stands in the way of confirming (no wallet, another chain).
 */
import type { Hex } from 'viem';
import type { SignRequestEvent } from '../../../src/api/index.ts';
import { asErrorPayload } from '../bridge/callError.ts';
import { useHearth } from '../state/HearthProvider.tsx';
import { useWallet } from './wallet-context.ts';

/** How long the core waits for an answer before it gives the request up (WALLET_NO_ANSWER). */
const answerWindowMs = 10 * 60_000;

export type QueuedSignRequest = SignRequestEvent & {
  /** When the window received it (ms since the epoch). */
  receivedAt: number;
};

/** What the person is told once the dialog closes: `status` for an outcome they chose, `alert` for a failure. */
export interface WalletNotice {
  tone: 'status' | 'alert';
  text: string;
}

export interface ReviewProps<Request extends QueuedSignRequest> {
  request: Request;
  /**
   * The request is answered, or given up; `notice` says what happened when there is something to say
   * (a decline's answer failing is reported by a second call, after the dialog closed).
   */
  onClosed(notice: WalletNotice | null): void;
}

export type SignResult = { hash: Hex } | { signature: Hex } | { rejected: true } | { unsupported: true };

/** The answer to the core, a decline from the dialog, and whether the core has stopped waiting. */
export function useSignAnswer({ request, onClosed }: ReviewProps<QueuedSignRequest>) {
  const { api } = useHearth();
  const answer = (result: SignResult) => api.call('wallet.answer', { id: request.id, ...result });
  // Declining needs nothing from the wallet, so the dialog closes at once; the answer follows.
  const decline = () => {
    onClosed(null);
    answer({ rejected: true }).catch((failure: unknown) => {
      onClosed({ tone: 'alert', text: `Hearth did not take your answer: ${asErrorPayload(failure).message} Nothing was ${request.kind === 'transaction' ? 'sent' : 'signed'}.` });
    });
  };
  const expired = () => Date.now() - request.receivedAt > answerWindowMs;
  return { answer, decline, expired };
}

/** One line of the facts; addresses and ids break anywhere, as they have no spaces. */
export function Fact({ label, testId, children }: { label: string; testId?: string; children: string }) {
  return (
    <div className="review__fact">
      <dt>{label}</dt>
      <dd className={children.startsWith('0x') ? 'review__hex' : undefined} data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** Why the request cannot be confirmed yet: no wallet in this window, or one on another chain (with a Switch button). */
export function ReviewProblem({ chainId, what }: { chainId: number; what: string }) {
  const wallet = useWallet();
  const requestChain = wallet.chainName(chainId);
  if (!wallet.connected) {
    return <p className="review__problem" role="alert">No wallet is connected in this window. Connect one on the Wallet page to confirm this, or decline it.</p>;
  }
  if (wallet.chainId === chainId) return null;
  return (
    <div className="review__problem" role="alert">
      <p>
        Your wallet is on {wallet.chainId === null ? 'another chain' : wallet.chainName(wallet.chainId)}; this {what} is for {requestChain}.
      </p>
      {wallet.marketChain?.chain.id === chainId ? (
        <button type="button" className="button" onClick={() => void wallet.switchToMarketChain()} disabled={wallet.busy}>
          Switch to {requestChain}
        </button>
      ) : null}
      {wallet.error !== null ? <p>{wallet.error}</p> : null}
    </div>
  );
}

/** The end of a review: the wait for the wallet, the reminder that the wallet asks again, Decline and the confirm button. */
export function ReviewActions({ waiting, canConfirm, confirmLabel, onDecline, onConfirm }: {
  waiting: boolean;
  canConfirm: boolean;
  confirmLabel: string;
  onDecline(): void;
  onConfirm(): void;
}) {
  return (
    <>
      {waiting ? (
        <p className="review__waiting" role="status" data-testid="review-waiting">
          Waiting for your wallet…
        </p>
      ) : null}
      <p className="review__note">Your wallet asks you again before it signs; Hearth never sees its key.</p>
      <div className="dialog__buttons">
        <button type="button" className="button" onClick={onDecline} disabled={waiting} autoFocus data-testid="review-decline">
          Decline
        </button>
        <button type="button" className="button button--primary" onClick={onConfirm} disabled={!canConfirm} data-testid="review-confirm">
          {confirmLabel}
        </button>
      </div>
    </>
  );
}
