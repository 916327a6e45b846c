import type { AppRepository, FailureRepository, FlowRepository, RunHistory } from './repositories.ts';
import type { Flow } from '../contract/flows.ts';
import type { ConnectionStatus } from '../contract/connections.ts';

import type { Clock } from '../ports.ts';

const dayMs = 86_400_000;

/** "Is everything syncing?" in one answer: flow health, volume, failures by app, hours saved. */
export function createDashboardService(options: {
  readonly failures: Pick<FailureRepository, 'unresolvedPerFlow'>;
  readonly flows: FlowRepository;
  readonly apps: AppRepository;
  readonly runs: RunHistory;
  readonly clock: Clock;
  readonly secondsPerRecord: () => number;
  /** What is known of each app's connection (`apps.connections`). */
  readonly connections: () => Promise<readonly ConnectionStatus[]>;
}) {
  const { failures, flows, apps, runs, clock } = options;

  /**
   * The first thing that stops or troubles the flow, most fundamental first: an app it
   * cannot use yet (no connector, no key) before a pause, before a refused or silent app,
   * before how its last run went. A flow cannot be "syncing" next to a refused key.
   */
  function health(
    flow: Flow,
    last: { status: string; error: string | null } | undefined,
    open: number,
    connection: (appId: string) => ConnectionStatus | undefined,
  ) {
    const ends = [connection(flow.sourceAppId), connection(flow.targetAppId)];
    const setup = ends.find((c) => c?.state === 'not_connected' || c?.state === 'no_key');
    if (setup) return { health: 'waiting_setup' as const, reason: `Waiting for setup: ${setup.message}` };
    if (flow.pausedReason) return { health: 'paused' as const, reason: flow.pausedReason };
    if (!flow.enabled)
      return { health: 'paused' as const, reason: 'Paused by hand: it runs only with "Sync now".' };
    const broken = ends.find((c) => c?.state === 'refused' || c?.state === 'unreachable');
    if (broken) return { health: 'failing' as const, reason: broken.message };
    if (!last) return { health: 'never_run' as const, reason: 'Has not run yet.' };
    if (last.status === 'failed')
      return { health: 'failing' as const, reason: last.error ?? 'The last run failed.' };
    if (open > 0)
      return {
        health: 'failing' as const,
        reason: `${open} record${open === 1 ? '' : 's'} could not be written.`,
      };
    return { health: 'ok' as const, reason: null };
  }

  return {
    async get() {
      const connections = new Map((await options.connections()).map((c) => [c.appId, c]));
      const now = clock.now();
      const latest = new Map(runs.latestPerFlow().map((r) => [r.flowId, r]));
      const open = failures.unresolvedPerFlow();
      const allFlows = flows.list();
      const names = new Map(apps.list().map((a) => [a.id, a.name]));
      const byApp = new Map<string, number>();
      for (const flow of allFlows) {
        const n = open.get(flow.id) ?? 0;
        if (n > 0) byApp.set(flow.targetAppId, (byApp.get(flow.targetAppId) ?? 0) + n);
      }
      const since14 = new Date(now.getTime() - 13 * dayMs);
      const perDayRows = new Map(
        runs.writtenPerDay(since14.toISOString().slice(0, 10)).map((r) => [r.day, r.records]),
      );
      const perDay = Array.from({ length: 14 }, (_, i) => {
        const day = new Date(since14.getTime() + i * dayMs).toISOString().slice(0, 10);
        return { day, records: perDayRows.get(day) ?? 0 };
      });
      const last7d = runs.writtenSince(new Date(now.getTime() - 7 * dayMs).toISOString());
      const secondsPerRecord = options.secondsPerRecord();
      return {
        flows: allFlows.map((flow) => {
          const last = latest.get(flow.id);
          return {
            flowId: flow.id,
            name: flow.name,
            sourceAppId: flow.sourceAppId,
            targetAppId: flow.targetAppId,
            ...health(flow, last, open.get(flow.id) ?? 0, (id) => connections.get(id)),
            lastRunAt: last?.finishedAt ?? last?.startedAt ?? null,
            openFailures: open.get(flow.id) ?? 0,
          };
        }),
        synced: { last24h: runs.writtenSince(new Date(now.getTime() - dayMs).toISOString()), last7d, perDay },
        openFailuresByApp: [...byApp]
          .map(([appId, count]) => ({ appId, appName: names.get(appId) ?? 'An app', count }))
          .sort((a, b) => b.count - a.count),
        hoursSaved: { last7d: Math.round((last7d * secondsPerRecord) / 360) / 10, secondsPerRecord },
      };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
