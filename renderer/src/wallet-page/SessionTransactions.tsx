/** A session's transactions, folded away: what each did, whether it was mined, and its hash (in full on hover). */
import type { MarketSessionView } from '../../../src/api/index.ts';
import { shortHex } from '../wallet/units.ts';

type Transaction = MarketSessionView['transactions'][number];

const statusLabels: Record<Transaction['status'], string> = { sent: 'Sent', mined: 'Mined', reverted: 'Reverted' };

export function SessionTransactions({ transactions }: { transactions: Transaction[] }) {
  if (transactions.length === 0) return <p className="wallet-page__muted">No transactions.</p>;
  return (
    <details className="wallet-page__transactions" data-testid="session-transactions">
      <summary>
        {transactions.length} transaction{transactions.length === 1 ? '' : 's'}
      </summary>
      <table className="wallet-page__table">
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">What it did</th>
            <th scope="col">Status</th>
            <th scope="col">Hash</th>
          </tr>
        </thead>
        <tbody>
          {transactions.map((transaction) => (
            <tr key={transaction.hash} data-testid="session-transaction">
              <td>{transaction.kind}</td>
              <td>{transaction.purpose}</td>
              <td className={transaction.status === 'reverted' ? 'wallet-page__bad' : undefined}>{statusLabels[transaction.status]}</td>
              <td>
                <code title={transaction.hash}>{shortHex(transaction.hash)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
