import { lazy, Suspense } from 'react';
import { chartDays, formatNumber, type Dashboard } from './dashboard-words.ts';

// recharts is most of the dashboard's code (1 MB): the bars are drawn once it has
// loaded, and the figures, the words and the table around them do not wait for it.
const RecordsBars = lazy(async () => ({ default: (await import('./records-bars.tsx')).RecordsBars }));

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
        <Suspense fallback={null}>
          <RecordsBars days={days} />
        </Suspense>
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
