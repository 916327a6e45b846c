import { useEffect, useState } from 'react';
import type { RunCounts } from '../../../core/engine/run-store.ts';
import { api } from '../api/client.ts';

export interface LiveRun {
  runId: number;
  flowId: string;
  page: number;
  counts: RunCounts | undefined;
}

/**
 * Runs in progress right now, by flow id, kept up to date from the run events (no
 * polling). The dashboard's progress bars and the map's animated edges read this.
 */
export function useLiveRuns(): ReadonlyMap<string, LiveRun> {
  const [runs, setRuns] = useState<ReadonlyMap<string, LiveRun>>(new Map());
  useEffect(() => {
    const update = (change: (next: Map<string, LiveRun>) => void) =>
      setRuns((current) => {
        const next = new Map(current);
        change(next);
        return next;
      });
    const stops = [
      api.on('runs.started', ({ runId, flowId }) =>
        update((next) => next.set(flowId, { runId, flowId, page: 0, counts: undefined })),
      ),
      api.on('runs.progress', ({ runId, flowId, page, counts }) =>
        update((next) => next.set(flowId, { runId, flowId, page, counts })),
      ),
      api.on('runs.finished', ({ flowId }) => update((next) => next.delete(flowId))),
    ];
    return () => stops.forEach((stop) => stop());
  }, []);
  return runs;
}
