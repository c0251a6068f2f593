/** One bid in a model's table: who offers it, at what price, what a typical reply costs, its score and record, and whether it answers. */
import type { MarketBidView } from '../../../src/api/index.ts';
import { formatMor, shortHex } from '../wallet/units.ts';
import { isRanked } from './bid-ranking.ts';
import { pricePerSecond, statsText } from './format.ts';
import { TYPICAL_REPLY_TOKENS, typicalReplyPrice } from './reply-price.ts';

export function BidRow({ bid }: { bid: MarketBidView }) {
  const typical = typicalReplyPrice(bid);
  const ranked = isRanked(bid);
  return (
    <tr className={ranked ? 'market-bid' : 'market-bid market-bid--left-out'} data-testid="market-bid" data-bid-id={bid.id} data-ranked={ranked}>
      <td>
        <span className="market-bid__address" title={bid.provider}>
          {shortHex(bid.provider)}
        </span>
        <span className="market-bid__endpoint">{bid.endpoint === '' ? 'No endpoint registered' : bid.endpoint}</span>
      </td>
      <td className="market-bid__number">{pricePerSecond(bid)}</td>
      <td className="market-bid__number" title={`A ${TYPICAL_REPLY_TOKENS}-token reply: about ${typical.seconds} s`}>
        ≈ {formatMor(typical.wei)}
      </td>
      <td className="market-bid__number">{bid.score === null ? '—' : bid.score.toFixed(2)}</td>
      <td>{statsText(bid.stats)}</td>
      <td>
        {ranked ? (
          <span className="market-bid__answers">Answers</span>
        ) : (
          <span className="market-bid__left-out" title={bid.leftOut?.details}>
            {bid.leftOut?.message ?? 'Left out of the ranking.'}
          </span>
        )}
      </td>
    </tr>
  );
}
