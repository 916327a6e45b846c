import type { App } from '../../../../core/contract/apps.ts';
import type { Flow } from '../../../../core/contract/flows.ts';
import type { MethodOutput } from '../../../../core/contract/methods.ts';
import { healthUrgency, type FlowHealth } from './flow-health.ts';

type DashboardFlow = MethodOutput<'dashboard.get'>['flows'][number];

/** A flow as the map draws it: the flow, its health from the dashboard, and whether it runs now. */
export interface MapFlow {
  flow: Flow;
  health: FlowHealth;
  /** Why, in words, when it is not working. */
  reason: string | null;
  openFailures: number;
  lastRunAt: string | null;
  running: boolean;
  /** "contacts → customers": what it copies, in the direction it copies. */
  entities: string;
}

export interface MapApp {
  app: App;
  /** Flows reading from or writing to the app. */
  flows: MapFlow[];
  /** "2 flows · 1 failing", with the state it names (null for an app without flows). */
  summary: { text: string; health: FlowHealth | 'running' | null };
}

export interface MapGraph {
  apps: MapApp[];
  flows: MapFlow[];
}

/** Apps (every one, flows or not) and the flows between them, with health joined in. */
export function buildMapGraph(
  apps: readonly App[],
  flows: readonly Flow[],
  dashboard: readonly DashboardFlow[],
  running: ReadonlySet<string>,
): MapGraph {
  const appIds = new Set(apps.map((app) => app.id));
  const healthById = new Map(dashboard.map((entry) => [entry.flowId, entry]));
  const mapFlows = flows
    .filter((flow) => appIds.has(flow.sourceAppId) && appIds.has(flow.targetAppId))
    .map((flow): MapFlow => {
      const entry = healthById.get(flow.id);
      return {
        flow,
        // A flow the dashboard has not caught up with yet (just added) has not run.
        health: entry?.health ?? (flow.enabled ? 'never_run' : 'paused'),
        reason: entry?.reason ?? null,
        openFailures: entry?.openFailures ?? 0,
        lastRunAt: entry?.lastRunAt ?? null,
        running: running.has(flow.id),
        entities: `${flow.sourceEntity} → ${flow.targetEntity}`,
      };
    });
  return {
    flows: mapFlows,
    apps: apps.map((app) => {
      const touching = mapFlows.filter(
        ({ flow }) => flow.sourceAppId === app.id || flow.targetAppId === app.id,
      );
      return { app, flows: touching, summary: summarise(touching) };
    }),
  };
}

function summarise(flows: readonly MapFlow[]): MapApp['summary'] {
  if (flows.length === 0) return { text: 'No flows yet', health: null };
  // "1 flow · failing", "3 flows · 1 failing": the number only when it is not all of them.
  const say = (times: number, word: string) =>
    `${flows.length} flow${flows.length === 1 ? '' : 's'} · ${times === flows.length ? '' : `${times} `}${word}`;
  const syncing = flows.filter((flow) => flow.running).length;
  if (syncing > 0) return { text: say(syncing, 'syncing'), health: 'running' };
  const worst = healthUrgency.find((health) => flows.some((flow) => flow.health === health))!;
  const times = flows.filter((flow) => flow.health === worst).length;
  const words: Record<FlowHealth, string> = {
    failing: 'failing',
    paused: 'paused',
    never_run: 'not run yet',
    waiting_setup: 'waiting for setup',
    // Only when every flow works: any other state would be the worst.
    ok: 'all working',
  };
  return { text: say(times, words[worst]), health: worst };
}
