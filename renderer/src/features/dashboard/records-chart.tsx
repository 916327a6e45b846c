import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { chartDays, formatNumber, type Dashboard } from './dashboard-words.ts';

/**
 * Records written per day for 14 days. The drawing is hidden from screen readers, who
 * get the same numbers as a table instead (a chart cannot be read aloud).
 */
export function RecordsChart({ perDay }: { perDay: Dashboard['synced']['perDay'] }) {
  const days = chartDays(perDay);
  const total = days.reduce((sum, d) => sum + d.records, 0);
  return (
    <figure className="records-chart" aria-labelledby="records-chart-title">
      <figcaption id="records-chart-title">
        <h2>Records synced per day, last 14 days</h2>
        <p className="muted">
          {total === 0
            ? 'Nothing synced in the last 14 days yet.'
            : `${formatNumber(total)} records in 14 days; today ${formatNumber(days.at(-1)?.records ?? 0)}.`}
        </p>
      </figcaption>
      <div className="chart-area" aria-hidden="true">
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={days} margin={{ top: 8, right: 8, left: 0, bottom: 0 }} accessibilityLayer={false}>
            <CartesianGrid vertical={false} stroke="#e6e9ee" />
            <XAxis dataKey="label" tickLine={false} tick={{ fill: '#5b6472', fontSize: 12 }} interval={0} />
            <YAxis
              allowDecimals={false}
              tickLine={false}
              axisLine={false}
              tick={{ fill: '#5b6472', fontSize: 12 }}
              width={40}
            />
            <Tooltip cursor={{ fill: '#eef1f5' }} formatter={(value) => [value, 'Records']} />
            <Bar dataKey="records" fill="#2f5bd3" radius={[4, 4, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      {/* Wrapped: a table keeps its rows' height whatever height it is given. */}
      <div className="visually-hidden">
        <table>
          <caption>Records synced per day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Records</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.longLabel}</th>
                <td>{d.records}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
