import { healthLooks, runningLook, type FlowHealth } from './flow-health.ts';

const order: readonly FlowHealth[] = ['ok', 'failing', 'paused', 'never_run', 'waiting_setup'];

/** What the colours and lines mean, in words: colour is never the only clue. */
export function MapLegend() {
  return (
    <section className="map-legend" aria-labelledby="map-legend-title">
      <h2 id="map-legend-title" className="visually-hidden">
        What the lines mean
      </h2>
      <ul>
        {order.map((health) => {
          const look = healthLooks[health];
          return (
            <li key={health}>
              <LineSample colour={look.colour} dashed={look.dashed} />
              <span>
                <strong>{look.word}</strong>: {look.meaning}
              </span>
            </li>
          );
        })}
        <li>
          <LineSample colour={runningLook.colour} dashed moving />
          <span>
            <strong>{runningLook.word}</strong>: {runningLook.meaning}
          </span>
        </li>
      </ul>
    </section>
  );
}

function LineSample({ colour, dashed, moving }: { colour: string; dashed: boolean; moving?: boolean }) {
  return (
    <svg className="map-legend-line" width="36" height="12" viewBox="0 0 36 12" aria-hidden="true">
      <line
        x1="2"
        y1="6"
        x2="34"
        y2="6"
        stroke={colour}
        strokeWidth="3"
        strokeDasharray={dashed ? '6 4' : undefined}
        className={moving ? 'moving' : undefined}
      />
    </svg>
  );
}
