/**
 * The market's state in the API contract's shapes (../api/market.ts): wei
 * as decimal strings, chain seconds as numbers, each bid with its score or
 * why it is left out.
 */
import type { MarketBidView, MarketSessionView, MarketViewWire } from '../api/contract.ts';
import { HearthError, toErrorPayload } from '../api/errors.ts';
import type { MarketSessionRecord, MarketTransactionRecord } from '../store/market-sessions.ts';
import type { ProviderModelStats } from './chain/client.ts';
import type { MarketBid, MarketViewState } from './market-view/market-view.ts';
import type { LeftOutProviders } from './rating/left-out-providers.ts';

const seconds = (value: bigint | null) => (value === null ? null : Number(value));
const weiOrNull = (value: bigint | null) => (value === null ? null : value.toString());

function statsView(stats: ProviderModelStats): MarketBidView['stats'] {
  return {
    tokensPerSecond: Number(stats.tpsScaled1000.mean) / 1000,
    ttftMs: Number(stats.ttftMs.mean),
    seconds: stats.totalDuration,
    successCount: stats.successCount,
    totalCount: stats.totalCount,
  };
}

export function marketViewWire(state: MarketViewState, leftOut: LeftOutProviders): MarketViewWire {
  const snapshot = state.snapshot;
  const endpoints = new Map(snapshot?.providers.map((provider) => [provider.address.toLowerCase(), provider.endpoint]) ?? []);
  const bidView = (bid: MarketBid, score: number | null, why: MarketBidView['leftOut']): MarketBidView => ({
    id: bid.id,
    provider: bid.provider,
    endpoint: endpoints.get(bid.provider.toLowerCase()) ?? '',
    pricePerSecondWei: bid.pricePerSecond.toString(),
    score,
    leftOut: why,
    stats: statsView(bid.stats),
  });
  const failedRecently = (provider: string) => {
    const entry = leftOut.list().find((left) => left.address === provider.toLowerCase());
    return entry ? toErrorPayload(new HearthError(entry.reason, { details: `left out until ${new Date(entry.until).toISOString()}` })) : null;
  };
  return {
    status: state.status,
    ...(state.error ? { error: state.error } : {}),
    chainId: snapshot?.chainId ?? null,
    readAt: snapshot?.readAt ?? null,
    models: (snapshot?.models ?? []).map((model) => ({
      id: model.id,
      name: model.name,
      tags: model.tags,
      bids: [
        ...model.bids.map((bid) => bidView(bid, failedRecently(bid.provider) ? null : bid.score, failedRecently(bid.provider))),
        ...model.skipped.map((bid) => bidView(bid, null, bid.why)),
      ],
    })),
  };
}

export function marketSessionWire(record: MarketSessionRecord, transactions: MarketTransactionRecord[]): MarketSessionView {
  return {
    id: record.id,
    state: record.state,
    sessionId: record.sessionId,
    provider: record.provider,
    model: record.model,
    bid: { id: record.bid.id, pricePerSecondWei: record.bid.pricePerSecond.toString() },
    stakeWei: record.stake.toString(),
    openedAt: seconds(record.openedAt),
    endsAt: seconds(record.endsAt),
    closedAt: seconds(record.closedAt),
    costWei: weiOrNull(record.costWei),
    heldWei: weiOrNull(record.heldWei),
    heldUntil: seconds(record.heldUntil),
    error: record.error,
    transactions: transactions.map(({ hash, kind, purpose, status }) => ({ hash, kind, purpose, status })),
  };
}
