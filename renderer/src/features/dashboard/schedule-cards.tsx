import { Link } from 'react-router';
import type { z } from 'zod';
import type { schedulerStatusSchema } from '../../../../core/contract/scheduler.ts';
import { whenNext } from './dashboard-words.ts';

type SchedulerStatus = z.infer<typeof schedulerStatusSchema>;

/**
 * The next few scheduled runs, soonest first, with each schedule in words. Only flows
 * that can run count (`runnable`, by id to name): the flow list learns first when a
 * flow is paused.
 */
export function NextRuns({
  scheduler,
  runnable,
}: {
  scheduler: SchedulerStatus;
  runnable: ReadonlyMap<string, string>;
}) {
  const next = scheduler.flows
    .filter((f) => f.nextRunAt !== null && runnable.has(f.flowId))
    .sort((a, b) => a.nextRunAt!.localeCompare(b.nextRunAt!))
    .slice(0, 5);
  return (
    <section className="card" aria-labelledby="next-runs-title">
      <h2 id="next-runs-title">Next scheduled runs</h2>
      {scheduler.paused ? (
        <p className="muted">None: the scheduler is paused, so no flow runs by itself.</p>
      ) : next.length === 0 ? (
        <p className="muted">
          {scheduler.flows.length > 0
            ? 'None due: every flow with a schedule is paused.'
            : 'No flow has a schedule yet. Give one a schedule on the Flows page.'}
        </p>
      ) : (
        <ul className="plain-list">
          {next.map((f) => (
            <li key={f.flowId}>
              <strong>{runnable.get(f.flowId)}</strong>
              <span>{whenNext(f.nextRunAt!)}</span>
              <span className="muted">{f.words}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export interface AppAttention {
  key: string;
  appId: string;
  appName: string;
  message: string;
  /** A note (a key saved but not tried yet) is worth a look; a warning stops flows. */
  severity: 'warning' | 'note';
}

/**
 * Apps whose sign-in or connection needs a person: until then their flows stay paused.
 * When the credentials could not be read (a locked keychain), it says so rather than "all is well".
 */
export function AppsNeedingAttention({ items, unknown }: { items: AppAttention[]; unknown?: string }) {
  return (
    <section className="card" aria-labelledby="apps-attention-title">
      <h2 id="apps-attention-title">Connections needing attention</h2>
      {unknown && (
        <p className="warning" role="note">
          Patchbay cannot tell whether your apps accept their credentials right now: {unknown}
        </p>
      )}
      {items.length === 0 ? (
        !unknown && (
          <p className="muted">
            No app needs you: no credential is missing or refused, and every app tried so far answered.
          </p>
        )
      ) : (
        <ul className="plain-list">
          {items.map((item) => (
            <li key={item.key} className={item.severity === 'warning' ? 'warning' : 'note'}>
              <strong>{item.appName}</strong>
              <span>{item.message}</span>
              <Link to={`/apps/${item.appId}`}>
                Open {item.appName} to {item.severity === 'warning' ? 'fix' : 'test'} it
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
