/**
 * The review before every transaction: what it does (decoded
 * here from its calldata), the amounts, chain, contract, ETH sent, the
 * network fee and the worst case, and Hearth's own sentence beside them.
 * Only "Confirm in wallet" hands it to the wallet, whose own confirmation
 * comes next; the answer goes back to the core either way.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Address, Hex } from 'viem';
import { useConfig } from 'wagmi';
import { sendTransaction } from 'wagmi/actions';
import type { MarketViewWire } from '../../../src/api/index.ts';
import { asErrorPayload } from '../bridge/callError.ts';
import { useHearth } from '../state/HearthProvider.tsx';
import { contractLabel, type MarketplaceChain } from './chains.ts';
import { decodeTransaction } from './decode-transaction.ts';
import { estimateFee, feeText, type FeeEstimate } from './estimate-fee.ts';
import { Fact, ReviewActions, ReviewProblem, useSignAnswer, type QueuedSignRequest, type ReviewProps } from './review-parts.tsx';
import { formatEth } from './units.ts';
import { useWallet } from './wallet-context.ts';
import { isUserRejection, walletMessage } from './wallet-errors.ts';

type TransactionRequest = Extract<QueuedSignRequest, { kind: 'transaction' }>;

export interface ReviewDialogProps extends ReviewProps<TransactionRequest> {
  marketplaces: readonly MarketplaceChain[];
}

export function ReviewDialog({ request, marketplaces, onClosed }: ReviewDialogProps) {
  const { answer, decline, expired } = useSignAnswer({ request, onClosed });
  const { api } = useHearth();
  const config = useConfig();
  const wallet = useWallet();
  const [market, setMarket] = useState<MarketViewWire | null | undefined>(undefined);
  const [fee, setFee] = useState<FeeEstimate>({ state: 'estimating' });
  const [phase, setPhase] = useState<'review' | 'waiting'>('review');

  const to = request.to as Address;
  const data = request.data as Hex;
  const marketplace = marketplaces.find((entry) => entry.chain.id === request.chainId);
  const requestChain = wallet.chainName(request.chainId);
  const onRequestChain = wallet.chainId === request.chainId;

  // The bids an openSession names are looked up in the market the core last read.
  useEffect(() => {
    let current = true;
    api.call('market.view', {}).then(
      (view) => current && setMarket(view),
      () => current && setMarket(null),
    );
    return () => {
      current = false;
    };
  }, [api]);

  useEffect(() => {
    if (wallet.address === null || !onRequestChain) return;
    let current = true;
    setFee({ state: 'estimating' });
    void estimateFee(config, { from: wallet.address, to, data, valueWei: request.valueWei, chainId: request.chainId }).then((estimate) => {
      if (current) setFee(estimate);
    });
    return () => {
      current = false;
    };
  }, [config, wallet.address, onRequestChain, to, data, request.valueWei, request.chainId]);

  const decoded = useMemo(
    () => (market === undefined ? null : decodeTransaction({ to, data, valueWei: request.valueWei }, { marketplace, market })),
    [market, marketplace, to, data, request.valueWei],
  );

  const confirm = async () => {
    if (expired()) {
      onClosed({ tone: 'alert', text: 'Hearth stopped waiting for this transaction after 10 minutes, so it was not sent. Start again from where you asked for it.' });
      return;
    }
    setPhase('waiting');
    let hash: Hex;
    try {
      hash = await sendTransaction(config, { to, data, value: BigInt(request.valueWei), chainId: request.chainId });
    } catch (failure) {
      const text = isUserRejection(failure)
        ? 'You declined in your wallet; nothing was sent.'
        : `Your wallet did not send the transaction: ${walletMessage(failure)} Nothing was sent.`;
      await answer({ rejected: true }).catch(() => undefined);
      onClosed({ tone: isUserRejection(failure) ? 'status' : 'alert', text });
      return;
    }
    try {
      const { accepted } = await answer({ hash });
      onClosed(accepted ? null : { tone: 'alert', text: `Your wallet sent the transaction (${hash}), but Hearth had already stopped waiting for it.` });
    } catch (failure) {
      onClosed({ tone: 'alert', text: `Your wallet sent the transaction (${hash}), but Hearth did not take the answer: ${asErrorPayload(failure).message}` });
    }
  };

  const value = BigInt(request.valueWei);
  const canConfirm = phase === 'review' && wallet.connected && onRequestChain && decoded !== null;
  const feeLine = !wallet.connected
    ? 'Connect a wallet to estimate the network fee.'
    : !onRequestChain
      ? 'Estimated once your wallet is on this chain.'
      : fee.state === 'estimating'
        ? 'Estimating…'
        : fee.state === 'estimated'
          ? feeText(fee.feeWei)
          : fee.sentence;

  return (
    <div className="dialog-backdrop">
      <div className="dialog review" role="dialog" aria-modal="true" aria-labelledby="review-title" aria-describedby="review-summary" data-testid="review-dialog">
        <h3 id="review-title">Review transaction</h3>
        {decoded === null ? (
          <p id="review-summary" className="review__summary">Reading what this transaction does…</p>
        ) : (
          <p id="review-summary" className={decoded.kind === 'unknown' ? 'review__summary review__summary--warning' : 'review__summary'} data-testid="review-summary" data-kind={decoded.kind}>
            {decoded.summary}
          </p>
        )}
        <p className="review__purpose" data-testid="review-purpose">Hearth prepared it to: {request.purpose}</p>
        <dl className="review__facts">
          <Fact label="Chain" testId="review-chain">{requestChain}</Fact>
          {decoded?.kind === 'transfer' ? (
            <Fact label="Sent to" testId="review-contract">{to}</Fact>
          ) : (
            <Fact label="Contract" testId="review-contract">{contractLabel(marketplace, to)}</Fact>
          )}
          {decoded?.details.map((detail) => <Fact key={detail.label} label={detail.label}>{detail.value}</Fact>)}
          <Fact label="ETH sent" testId="review-value">{formatEth(value)}</Fact>
          <Fact label="Network fee" testId="review-fee">{feeLine}</Fact>
        </dl>
        {decoded !== null ? (
          <p className="review__worst" data-testid="review-worst-case">
            <strong>Worst case:</strong> {decoded.worstCase}.
          </p>
        ) : null}
        <ReviewProblem chainId={request.chainId} what="transaction" />
        <ReviewActions waiting={phase === 'waiting'} canConfirm={canConfirm} confirmLabel="Confirm in wallet" onDecline={decline} onConfirm={() => void confirm()} />
      </div>
    </div>
  );
}
