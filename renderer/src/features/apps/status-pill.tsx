import type { StatusWord } from './app-status.ts';

/** A status in one word with its colour; the full sentence as a tooltip and for screen readers. */
export function StatusPill({ status }: { status: StatusWord | undefined }) {
  if (!status) return <span className="muted">—</span>;
  return (
    <span className={`pill status-${status.tone}`} title={status.detail}>
      {status.word}
      <span className="visually-hidden">: {status.detail}</span>
    </span>
  );
}
