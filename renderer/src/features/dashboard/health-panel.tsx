import { Link } from 'react-router';
import type { z } from 'zod';
import type { schedulerStatusSchema } from '../../../../core/contract/scheduler.ts';
import { whenPast, type HealthSummary } from './dashboard-words.ts';
import { plural } from '../../lib/words.ts';

type SchedulerStatus = z.infer<typeof schedulerStatusSchema>;

const tiles = [
  ['ok', 'Working'],
  ['failing', 'Failing'],
  ['paused', 'Paused'],
  ['never_run', 'Not run yet'],
  ['waiting_setup', 'Waiting for setup'],
] as const;

const dayMs = 86_400_000;

/** The answer to "is everything syncing?": one sentence, the counts behind it, what to do. */
export function HealthPanel({ summary, scheduler }: { summary: HealthSummary; scheduler?: SchedulerStatus }) {
  const alerts = (scheduler?.log ?? []).filter(
    (entry) => entry.kind === 'alert' && Date.now() - new Date(entry.at).getTime() < dayMs,
  );
  return (
    <section className={`card health-panel tone-${summary.tone}`} aria-labelledby="health-title">
      <h2 id="health-title">Is everything syncing?</h2>
      <p className="health-headline">
        <span className="health-icon" aria-hidden="true">
          {summary.tone === 'ok' ? '✓' : summary.tone === 'attention' ? '!' : '…'}
        </span>
        {summary.headline}
      </p>
      {summary.detail && <p className="health-detail">{summary.detail}</p>}
      {summary.needsAttention.length > 1 && (
        <ul className="attention-list">
          {summary.needsAttention.map((flow) => (
            <li key={flow.flowId}>
              <strong>{flow.name}</strong> — {flow.reason}
            </li>
          ))}
        </ul>
      )}
      {summary.needsAttention.some((f) => f.openFailures > 0) && (
        <p>
          <Link to="/failures">See what went wrong and retry on the Failures page</Link>
        </p>
      )}
      {summary.needsAttention.some((f) => f.openFailures === 0) && (
        <p>
          {summary.needsAttention.some((f) => f.health === 'paused')
            ? 'Patchbay paused a flow whose app'
            : 'An app a flow uses'}{' '}
          needs you: see “Connections needing attention” below.
        </p>
      )}
      {summary.tone === 'waiting' && summary.counts.never_run > 0 && (
        <p className="muted">
          A flow runs by itself on its schedule; to run one now, open it on the <Link to="/flows">Flows</Link>{' '}
          page and choose “Sync now”.
        </p>
      )}
      {summary.waitingForSetup.length > 0 && (
        <section aria-labelledby="waiting-title">
          <h3 id="waiting-title">Waiting for setup</h3>
          <ul className="attention-list">
            {summary.waitingForSetup.map((flow) => (
              <li key={flow.flowId}>
                <strong>{flow.name}</strong> — {(flow.reason ?? '').replace(/^Waiting for setup: /, '')}
              </li>
            ))}
          </ul>
        </section>
      )}
      {summary.pausedByHand.length > 0 && (
        <p className="muted">
          {plural(summary.pausedByHand.length, 'flow is', 'flows are')} switched off by hand and run only when
          you choose “Sync now”.
        </p>
      )}

      <dl className="health-counts">
        {tiles.map(([health, label]) => (
          <div
            key={health}
            className={`health-count count-${health}${summary.counts[health] > 0 ? ' has-some' : ''}`}
          >
            <dt>{label}</dt>
            <dd>{summary.counts[health]}</dd>
          </div>
        ))}
      </dl>

      {scheduler?.runElsewhere && (
        <p className="warning" role="note">
          <strong>{scheduler.runElsewhere}</strong> “Sync now” here asks it to run the flow, so no flow runs
          twice.
        </p>
      )}
      {scheduler?.paused && (
        <p className="warning" role="note">
          <strong>The scheduler is paused:</strong> no flow runs by itself until you resume it in{' '}
          <Link to="/settings">Settings</Link>.
        </p>
      )}
      {alerts.length > 0 && (
        <section aria-labelledby="alerts-title" className="alerts">
          <h3 id="alerts-title">Warnings from the scheduler (last 24 hours)</h3>
          <ul>
            {alerts.map((entry) => (
              <li key={entry.id} className="warning">
                {entry.message} <span className="muted">({whenPast(entry.at)})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
