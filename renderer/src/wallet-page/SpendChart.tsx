/** A bar chart of the MOR spent on each of the last 30 UTC days, with the total in words for those who cannot see it. */
import { useMemo } from 'react';
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MarketSessionView } from '../../../src/api/index.ts';
import { formatMor } from '../wallet/units.ts';
import { spendByDay, totalWei } from './spend-by-day.ts';

const dayLabel = (startsAt: number) => new Date(startsAt * 1000).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** The tooltip box is styled inline by the chart itself: these keep it in the page's colours, light or dark. */
const tooltipStyle = { background: 'var(--bg-raised)', borderColor: 'var(--border)', borderRadius: 6, color: 'var(--text)' };

export function SpendChart({ sessions, nowSeconds }: { sessions: MarketSessionView[]; nowSeconds: number }) {
  const days = useMemo(() => spendByDay(sessions, nowSeconds), [sessions, nowSeconds]);
  const total = totalWei(days);
  // The chart's own data holds no bigint: it keeps its data in a store that expects plain values.
  const data = days.map(({ startsAt, mor, wei }) => ({ label: dayLabel(startsAt), mor, spent: formatMor(wei) }));
  const spentDays = days.filter(({ wei }) => wei > 0n);

  return (
    <section className="wallet-page__section" aria-labelledby="wallet-page-spend">
      <h2 id="wallet-page-spend">MOR spent per day</h2>
      <div className="spend-chart" role="img" aria-label="MOR spent per day over the last 30 days" data-testid="spend-chart">
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <XAxis dataKey="label" tickLine={false} minTickGap={16} />
            <YAxis width={64} allowDecimals />
            <Tooltip
              contentStyle={tooltipStyle}
              separator=": "
              formatter={(_value, _name, item) => [(item.payload as { spent: string }).spent, 'Spent']}
            />
            <Bar dataKey="mor" name="MOR spent" className="spend-chart__bar" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <p data-testid="spend-total">
        {total > 0n ? `${formatMor(total)} spent in the last 30 days.` : 'Nothing spent in the last 30 days.'}
      </p>
      {spentDays.length > 0 ? (
        <table className="visually-hidden">
          <caption>MOR spent on each day (UTC) with spending</caption>
          <tbody>
            {spentDays.map(({ day, wei }) => (
              <tr key={day}>
                <th scope="row">{day}</th>
                <td>{formatMor(wei)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
