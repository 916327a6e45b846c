// What the page's main thread spent its CPU time on between navigation and the moment a
// bench's page stamped (`console.timeStamp('seen <ms>')`), read from a Chromium trace.
// Wall-clock figures on a shared machine say as much about the other sessions as about
// Patchbay; the thread's own CPU time (the trace's `tdur`) barely moves with the load.

/** The trace categories this reads: the main thread's tasks and what ran in them. */
export const traceCategories = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'blink',
  'loading',
];

const kinds = {
  'running modules': ['v8.evaluateModule', 'v8.compileModule', 'EvaluateScript'],
  'React and the app (callbacks)': [
    'FunctionCall',
    'RunMicrotasks',
    'FireIdleCallback',
    'TimerFire',
    'FireAnimationFrame',
    'EventDispatch',
  ],
  'style, layout, paint': ['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint'],
  'HTML and CSS': ['ParseHTML', 'ParseAuthorStyleSheet'],
} as const;
type Kind = keyof typeof kinds | "Chromium's own (navigation, loading, IPC)";

export interface MainThreadCpu {
  /** CPU time of the main thread's tasks until the stamp, in ms. */
  ms: number;
  /** The same, by what each task mostly did. */
  parts: Partial<Record<Kind, number>>;
}

interface TraceEvent {
  name: string;
  ph?: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: { message?: unknown } };
}

const kindOf = new Map<string, Kind>(
  Object.entries(kinds).flatMap(([kind, names]) => names.map((name) => [name, kind as Kind])),
);

/** Reads `trace` (Playwright's `browser.stopTracing()`): the main thread's CPU until the first `seen` stamp. */
export function mainThreadCpu(trace: Buffer): MainThreadCpu {
  const parsed = JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const stamp = events.find(
    (e) => e.name === 'TimeStamp' && String(e.args?.data?.message).startsWith('seen '),
  );
  if (!stamp) throw new Error('The trace has no "seen" stamp: did the page report its rows?');
  const seenMs = Number(String(stamp.args!.data!.message).slice('seen '.length));
  const start = stamp.ts - seenMs * 1000;
  const onThread = events.filter(
    (e) => e.pid === stamp.pid && e.tid === stamp.tid && e.ph === 'X' && e.ts >= start && e.ts <= stamp.ts,
  );
  // Top-level tasks only: a task's events nest inside it.
  const tasks: TraceEvent[] = [];
  let end = 0;
  for (const task of onThread
    .filter((e) => e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask')
    .sort((a, b) => a.ts - b.ts))
    if (task.ts >= end) {
      tasks.push(task);
      end = task.ts + (task.dur ?? 0);
    }
  const parts: Partial<Record<Kind, number>> = {};
  for (const task of tasks) {
    const cpu = (task.tdur ?? 0) / 1000;
    const inside = onThread.filter(
      (e) =>
        e !== task &&
        e.ts >= task.ts &&
        e.ts + (e.dur ?? 0) <= task.ts + (task.dur ?? 0) &&
        kindOf.has(e.name),
    );
    const main = inside.reduce<TraceEvent | undefined>(
      (a, e) => ((e.tdur ?? 0) > (a?.tdur ?? 0) ? e : a),
      undefined,
    );
    // A task is counted as what took most of it, when that is at least a third of it.
    const kind: Kind =
      main && (main.tdur ?? 0) / 1000 >= cpu / 3
        ? kindOf.get(main.name)!
        : "Chromium's own (navigation, loading, IPC)";
    parts[kind] = (parts[kind] ?? 0) + cpu;
  }
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    ms: round(tasks.reduce((sum, t) => sum + (t.tdur ?? 0) / 1000, 0)),
    parts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, round(v)])),
  };
}
