/** Said while the wallet is asked to sign: the review dialog and then the wallet's own confirmation come next. */
export function WaitingForWallet({ testId }: { testId: string }) {
  return (
    <p className="wallet-page__waiting" role="status" data-testid={testId}>
      Waiting for your wallet…
    </p>
  );
}
