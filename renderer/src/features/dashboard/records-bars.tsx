import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { chartDays } from './dashboard-words.ts';

/** The drawing of records-chart.tsx, in a module of its own so recharts loads on its own. */
export function RecordsBars({ days }: { days: ReturnType<typeof chartDays> }) {
  return (
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
  );
}
