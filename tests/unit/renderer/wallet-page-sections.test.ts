import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { HearthApi, MarketSessionView, WalletStatus } from '../../../src/api/index.ts';
import { AllowanceSection } from '../../../renderer/src/wallet-page/AllowanceSection.tsx';
import { HeldStakes } from '../../../renderer/src/wallet-page/HeldStakes.tsx';
import { LimitsSection } from '../../../renderer/src/wallet-page/LimitsSection.tsx';
import { OpenSessions } from '../../../renderer/src/wallet-page/OpenSessions.tsx';
import { RecentSessions } from '../../../renderer/src/wallet-page/RecentSessions.tsx';
import { SpendChart } from '../../../renderer/src/wallet-page/SpendChart.tsx';

const api: HearthApi = { call: () => Promise.reject(new Error('not called while rendering')), on: () => () => {} };
const noop = () => {};
const now = 1_750_000_000;
const mor = (amount: string) => (BigInt(Math.round(Number(amount) * 1e6)) * 10n ** 12n).toString();
const provider = '0x1234567890abcdef1234567890abcdef123456ab';
const hash = `0x${'ab'.repeat(32)}`;

const status = (change: Partial<WalletStatus> = {}): WalletStatus => ({
  connected: true, address: '0x00000000000000000000000000000000000000aa', chainId: 31337, ethWei: mor('1'), morWei: mor('100'), allowanceWei: mor('25'),
  agent: null, limits: { perReplyWei: mor('0.5'), perSessionWei: null, perDayWei: mor('5') }, spentTodayWei: mor('0.25'),
  stakes: { availableWei: '0', holdWei: '0', held: [] }, ...change,
});

const session = (change: Partial<MarketSessionView> = {}): MarketSessionView => ({
  id: 's1', state: 'open', sessionId: hash, provider: { address: provider, endpoint: 'http://127.0.0.1:3333' },
  model: { id: hash, name: 'stories260K' }, bid: { id: hash, pricePerSecondWei: '300000000000000' }, stakeWei: mor('0.54'),
  openedAt: now - 600, endsAt: now + 20 * 60, closedAt: null, costWei: null, heldWei: null, heldUntil: null, error: null,
  transactions: [{ hash, kind: 'open', purpose: 'Open a session with provider 0x1234…56ab', status: 'mined' }], ...change,
});

const render = <P extends object>(component: (props: P) => unknown, props: P) => renderToStaticMarkup(createElement(component as never, props));

describe('the session allowance section', () => {
  it('offers the form, with 0.01 ETH for fees, until a session key holds the allowance', () => {
    const html = render(AllowanceSection, { api, status: status(), onStatus: noop });
    expect(html).toContain('MOR cap');
    expect(html).toContain('value="0.01"');
    expect(html).toContain('Set session allowance');
  });

  it('shows the session key, its ETH and rights, and Revoke once delegated', () => {
    const agent = { address: '0x00000000000000000000000000000000000000bb', delegated: true, ethWei: mor('0.01') };
    const html = render(AllowanceSection, { api, status: status({ agent }), onStatus: noop });
    expect(html).toContain(agent.address);
    expect(html).toContain('ETH for network fees: 0.01 ETH');
    expect(html).toContain('cannot move its MOR beyond the allowance');
    expect(html).toContain('>Revoke</button>');
    expect(html).not.toContain('Set session allowance');
  });
});

describe('the spend limits section', () => {
  it('fills the limits in MOR, leaves no limit empty, and says what was spent today', () => {
    const html = render(LimitsSection, { api, status: status(), onStatus: noop });
    expect(html).toMatch(/Per reply \(MOR\)<input[^>]*value="0.5"/);
    expect(html).toMatch(/Per session \(MOR\)<input[^>]*value=""/);
    expect(html).toMatch(/Per day \(MOR\)<input[^>]*value="5"/);
    expect(html).toContain('Spent today: 0.25 MOR');
  });
});

describe('the open sessions table', () => {
  it('lists open sessions with provider, model, time left, stake and a Close button', () => {
    const html = render(OpenSessions, { api, sessions: [session(), session({ id: 's2', state: 'closed' })], nowSeconds: now, onChanged: noop });
    expect(html.match(/data-testid="open-session"/g)).toHaveLength(1);
    expect(html).toContain('0x1234…56ab');
    expect(html).toContain('20 min');
    expect(html).toContain('0.54 MOR');
    expect(html).toContain('aria-label="Close session with 0x1234…56ab"');
  });

  it('says when none is open', () => {
    expect(render(OpenSessions, { api, sessions: [], nowSeconds: now, onChanged: noop })).toContain('No sessions are open.');
  });
});

describe('the stakes on hold', () => {
  it('lists held stakes and offers Withdraw for released ones', () => {
    const stakes = { availableWei: mor('0.2'), holdWei: mor('0.3'), held: [{ sessionRef: 's1', amountWei: mor('0.3'), releasedAt: now + 86_400 }] };
    const html = render(HeldStakes, { api, status: status({ stakes }), onChanged: noop });
    expect(html).toContain('0.3 MOR, released ');
    expect(html).toContain('0.2 MOR released');
    expect(html).toContain('>Withdraw</button>');
  });

  it('says in one line when nothing is held', () => {
    expect(render(HeldStakes, { api, status: status(), onChanged: noop })).toContain('No stakes are on hold.');
  });
});

describe('the last 30 days', () => {
  it('lists recent sessions with their cost and transactions, and charts the spend with its total', () => {
    const closed = session({ id: 's2', state: 'closed', closedAt: now - 60, costWei: mor('0.12') });
    const old = session({ id: 's3', state: 'closed', openedAt: now - 50 * 86_400, closedAt: now - 49 * 86_400, costWei: mor('9') });
    const html = render(RecentSessions, { sessions: [session(), closed, old], nowSeconds: now });
    expect(html.match(/data-testid="recent-session"/g)).toHaveLength(2);
    expect(html).toContain('cost 0.12 MOR');
    expect(html).toContain(`title="${hash}"`);
    expect(html).toContain('Open a session with provider 0x1234…56ab');
    const chart = render(SpendChart, { sessions: [closed, old], nowSeconds: now });
    expect(chart).toContain('aria-label="MOR spent per day over the last 30 days"');
    expect(chart).toContain('0.12 MOR spent in the last 30 days.');
  });
});
