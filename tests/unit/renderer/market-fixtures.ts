/** Market shapes for the renderer's market tests: a bid, a model, a view and a session, each with what a test changes. */
import type { MarketBidView, MarketModelView, MarketSessionView, MarketViewWire } from '../../../src/api/index.ts';

export const hex = (digit: string, bytes: number) => `0x${digit.repeat(bytes * 2)}`;

export const bid = (overrides: Partial<MarketBidView> = {}): MarketBidView => ({
  id: hex('b', 32),
  provider: `0x12${'0'.repeat(36)}ab`,
  endpoint: '127.0.0.1:3333',
  pricePerSecondWei: '300000000000000', // 0.0003 MOR/s
  score: 0.8123,
  leftOut: null,
  stats: { tokensPerSecond: 30, ttftMs: 500, seconds: 100, successCount: 4, totalCount: 5 },
  ...overrides,
});

export const model = (overrides: Partial<MarketModelView> = {}): MarketModelView => ({
  id: hex('a', 32),
  name: 'stories260K',
  tags: ['demo'],
  bids: [bid()],
  ...overrides,
});

export const view = (overrides: Partial<MarketViewWire> = {}): MarketViewWire => ({
  status: 'ready',
  chainId: 31337,
  readAt: 0,
  models: [model()],
  ...overrides,
});

export const session = (overrides: Partial<MarketSessionView> = {}): MarketSessionView => ({
  id: 'session-1',
  state: 'open',
  sessionId: hex('5', 32),
  provider: { address: bid().provider, endpoint: bid().endpoint },
  model: { id: model().id, name: model().name },
  bid: { id: bid().id, pricePerSecondWei: bid().pricePerSecondWei },
  stakeWei: '540000000000000000',
  openedAt: 1_000,
  endsAt: 1_000 + 1800,
  closedAt: null,
  costWei: null,
  heldWei: null,
  heldUntil: null,
  error: null,
  transactions: [],
  ...overrides,
});
