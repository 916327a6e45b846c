import type { Run } from '../../../../core/contract/runs.ts';
import { statusLabels } from './labels.ts';

// The colour repeats the words, never replaces them.
const marks: Record<Run['status'], string> = {
  succeeded: '✓',
  partial: '!',
  failed: '✕',
  cancelled: '–',
  paused: '‖',
  running: '…',
};

export function RunStatus(props: { status: Run['status'] }) {
  return (
    <span className={`pill run-status status-${props.status}`}>
      <span aria-hidden="true">{marks[props.status]} </span>
      {statusLabels[props.status]}
    </span>
  );
}
