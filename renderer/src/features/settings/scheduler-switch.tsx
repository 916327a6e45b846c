import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../lib/field-errors.ts';
import { schedulerQueries } from '../../queries/dashboard-queries.ts';
import { useSetSchedulerPaused } from '../../queries/settings-queries.ts';
import { QueryStatus } from '../../components/query-status.tsx';

/** One switch for every schedule: off stops flows running by themselves, nothing else. */
export function SchedulerSwitch() {
  const status = useQuery(schedulerQueries.status());
  const setPaused = useSetSchedulerPaused();
  const [said, setSaid] = useState('');
  const running = status.data ? !status.data.paused : undefined;

  function toggle() {
    if (running === undefined) return;
    setSaid('');
    setPaused.mutate(running, {
      onSuccess: (next) =>
        setSaid(
          next.paused
            ? 'Schedules paused. No flow runs by itself until you turn them back on.'
            : 'Schedules running again. Each flow runs at its next scheduled time.',
        ),
    });
  }

  return (
    <section className="card scheduler-card" aria-labelledby="scheduler-title">
      <h2 id="scheduler-title">Schedules</h2>
      <QueryStatus query={status} loading="Loading…" failed="Could not load the scheduler" />
      {running !== undefined && (
        <>
          <div className="switch-row">
            <button
              type="button"
              role="switch"
              id="scheduler-switch"
              className="switch"
              aria-checked={running}
              aria-describedby="scheduler-explained"
              disabled={setPaused.isPending}
              onClick={toggle}
            >
              <span className="switch-knob" aria-hidden="true" />
            </button>
            <label htmlFor="scheduler-switch" className="switch-label">
              Run flows on their schedules
            </label>
            <span className={running ? 'pill state-on' : 'pill state-off'} aria-hidden="true">
              {running ? 'On' : 'Paused'}
            </span>
          </div>
          <p id="scheduler-explained" className="muted">
            {running
              ? 'On: every flow with a schedule runs by itself at its time. Turn this off to stop them all at once, for example while you tidy up an app’s data.'
              : 'Paused: no flow runs by itself. You can still run a flow by hand with “Sync now”. When you turn this back on, runs missed in the meantime are not made up; each flow waits for its next scheduled time.'}
          </p>
        </>
      )}
      {setPaused.isError && (
        <p role="alert" className="error-banner">
          {errorMessage(setPaused.error)}
        </p>
      )}
      <p role="status" className="success-text">
        {said}
      </p>
    </section>
  );
}
