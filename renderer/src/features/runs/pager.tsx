/**
 * "Showing 1–50 of 1,234 runs" with Previous and Next page. `noun` names what is
 * counted, one and many ("run", "runs"); `busy` while the next page is on its way.
 */
export function Pager(props: {
  offset: number;
  shown: number;
  total: number;
  pageSize: number;
  noun: readonly [one: string, many: string];
  busy?: boolean;
  onOffset: (offset: number) => void;
}) {
  const { offset, shown, total, pageSize } = props;
  const first = total === 0 ? 0 : offset + 1;
  const last = offset + shown;
  return (
    <nav className="pager" aria-label={`Pages of ${props.noun[1]}`}>
      <p className="muted" aria-live="polite">
        Showing {first.toLocaleString()}–{last.toLocaleString()} of {total.toLocaleString()}{' '}
        {props.noun[total === 1 ? 0 : 1]}
        {props.busy ? ' (loading…)' : ''}
      </p>
      {total > pageSize && (
        <div className="pager-buttons">
          <button
            type="button"
            className="button"
            disabled={offset === 0}
            onClick={() => props.onOffset(Math.max(0, offset - pageSize))}
          >
            Previous page
          </button>
          <button
            type="button"
            className="button"
            disabled={last >= total}
            onClick={() => props.onOffset(offset + pageSize)}
          >
            Next page
          </button>
        </div>
      )}
    </nav>
  );
}
