import type { MethodOutput } from '../../../../core/contract/methods.ts';
import { countsSummary, formatTime, startedBecause, statusLabels } from './labels.ts';

type RunDetail = MethodOutput<'runs.get'>;

interface Entry {
  key: string;
  at: string;
  level: 'info' | 'warning' | 'error';
  message: string;
}

const levelLabels: Record<Entry['level'], string> = { info: 'Info', warning: 'Warning', error: 'Error' };

/**
 * The run from start to finish: its start, what the engine logged, and how it ended.
 * The start and the end come from the run itself, so even a quiet run has a timeline.
 */
export function RunTimeline({ detail }: { detail: RunDetail }) {
  const { run } = detail;
  const entries: Entry[] = [
    { key: 'start', at: run.startedAt, level: 'info', message: startedBecause[run.trigger] },
    ...detail.events.map((e) => ({
      key: `event-${e.id}`,
      at: e.at,
      level: e.level,
      message: e.recordId ? `Record ${e.recordId}: ${e.message}` : e.message,
    })),
  ];
  if (run.finishedAt)
    entries.push({
      key: 'end',
      at: run.finishedAt,
      level:
        run.status === 'failed'
          ? 'error'
          : run.status === 'partial' || run.status === 'paused'
            ? 'warning'
            : 'info',
      message: `Finished — ${statusLabels[run.status].toLowerCase()}: ${countsSummary(run.counts)}.`,
    });
  return (
    <ol className="timeline" aria-label="Timeline">
      {entries.map((entry) => (
        <li key={entry.key} className={`timeline-entry level-${entry.level}`}>
          <time dateTime={entry.at}>{formatTime(entry.at)}</time>
          <span className={`timeline-level level-${entry.level}`}>{levelLabels[entry.level]}</span>
          <span className="timeline-message">{entry.message}</span>
        </li>
      ))}
      {!run.finishedAt && (
        <li className="timeline-entry level-info">
          <span className="muted">Still running…</span>
        </li>
      )}
    </ol>
  );
}
