/**
 * The review before the wallet signs typed data (EIP-712) or a message:
 * what the signature is for, read here from what will be signed, the chain,
 * the exact text, and the worst case. Only "Sign in wallet" hands it to the
 * wallet, whose own confirmation comes next. A wallet that cannot sign
 * typed data is answered as such, and the core then asks for a message.
 */
import { useMemo, useState } from 'react';
import type { Hex, TypedDataDefinition } from 'viem';
import { useConfig } from 'wagmi';
import { signMessage, signTypedData } from 'wagmi/actions';
import { asErrorPayload } from '../bridge/callError.ts';
import { describeMessage, describeTypedData } from './describe-signature.ts';
import { Fact, ReviewActions, ReviewProblem, useSignAnswer, type QueuedSignRequest, type ReviewProps } from './review-parts.tsx';
import { useWallet } from './wallet-context.ts';
import { isUnsupportedMethod, isUserRejection, walletMessage } from './wallet-errors.ts';

type SignatureRequest = Exclude<QueuedSignRequest, { kind: 'transaction' }>;

export function SignatureReviewDialog({ request, onClosed }: ReviewProps<SignatureRequest>) {
  const { answer, decline, expired } = useSignAnswer({ request, onClosed });
  const config = useConfig();
  const wallet = useWallet();
  const [phase, setPhase] = useState<'review' | 'waiting'>('review');
  const described = useMemo(
    () => (request.kind === 'typedData' ? describeTypedData(request.typedData) : describeMessage(request.message)),
    [request],
  );

  const sign = (): Promise<Hex> =>
    request.kind === 'typedData'
      ? signTypedData(config, request.typedData as unknown as TypedDataDefinition)
      : signMessage(config, { message: request.message });

  const confirm = async () => {
    if (expired()) {
      onClosed({ tone: 'alert', text: 'Hearth stopped waiting for this signature after 10 minutes, so nothing was signed. Connect the wallet again to be asked again.' });
      return;
    }
    setPhase('waiting');
    let signature: Hex;
    try {
      signature = await sign();
    } catch (failure) {
      // The core asks for another kind of signature where there is one (a message instead of typed data).
      if (isUnsupportedMethod(failure)) {
        await answer({ unsupported: true }).catch(() => undefined);
        onClosed(null);
        return;
      }
      await answer({ rejected: true }).catch(() => undefined);
      onClosed(isUserRejection(failure)
        ? { tone: 'status', text: 'You declined in your wallet; nothing was signed.' }
        : { tone: 'alert', text: `Your wallet did not sign: ${walletMessage(failure)} Nothing was signed.` });
      return;
    }
    try {
      const { accepted } = await answer({ signature });
      onClosed(accepted ? null : { tone: 'alert', text: 'Your wallet signed, but Hearth had already stopped waiting for the signature.' });
    } catch (failure) {
      onClosed({ tone: 'alert', text: `Your wallet signed, but Hearth did not take the signature: ${asErrorPayload(failure).message}` });
    }
  };

  const canConfirm = phase === 'review' && wallet.connected && wallet.chainId === request.chainId;
  return (
    <div className="dialog-backdrop">
      <div className="dialog review" role="dialog" aria-modal="true" aria-labelledby="review-title" aria-describedby="review-summary" data-testid="review-dialog">
        <h3 id="review-title">Review signature</h3>
        <p id="review-summary" className={described.kind === 'unknown' ? 'review__summary review__summary--warning' : 'review__summary'} data-testid="review-summary" data-kind={described.kind}>
          {described.summary}
        </p>
        <p className="review__purpose" data-testid="review-purpose">Hearth asks it to: {request.purpose}</p>
        <dl className="review__facts">
          <Fact label="Chain" testId="review-chain">{wallet.chainName(request.chainId)}</Fact>
          <Fact label="Signing" testId="review-signing">{request.kind === 'typedData' ? 'Typed data (EIP-712)' : 'A text message'}</Fact>
          {described.details.map((detail) => <Fact key={detail.label} label={detail.label}>{detail.value}</Fact>)}
        </dl>
        {request.kind === 'message' ? <pre className="review__message" data-testid="review-message">{request.message}</pre> : null}
        <p className="review__worst" data-testid="review-worst-case">
          <strong>Worst case:</strong> {described.worstCase}.
        </p>
        <ReviewProblem chainId={request.chainId} what="signature" />
        <ReviewActions waiting={phase === 'waiting'} canConfirm={canConfirm} confirmLabel="Sign in wallet" onDecline={decline} onConfirm={() => void confirm()} />
      </div>
    </div>
  );
}
