import { describe, expect, it } from 'vitest';
import type { App } from '../../../../core/contract/apps.ts';
import type { Flow } from '../../../../core/contract/flows.ts';
import { buildMapGraph } from './map-graph.ts';

type DashboardFlow = Parameters<typeof buildMapGraph>[2][number];

const app = (id: string): App => ({
  id,
  name: id,
  vendor: '',
  category: 'other',
  owner: '',
  criticality: 'medium',
  notes: '',
  entities: [],
  connector: null,
  createdAt: '2026-03-01T08:00:00.000Z',
  updatedAt: '2026-03-01T08:00:00.000Z',
});

const flow = (id: string, source: string, target: string, enabled = true): Flow => ({
  id,
  name: id,
  sourceAppId: source,
  sourceEntity: 'contacts',
  targetAppId: target,
  targetEntity: 'customers',
  mapping: [{ target: 'email', source: 'email', transforms: [], required: false }],
  matchKey: 'email',
  writeMode: 'upsert',
  schedule: null,
  catchUp: 'once',
  enabled,
  pausedReason: null,
  createdAt: '2026-03-01T08:00:00.000Z',
  updatedAt: '2026-03-01T08:00:00.000Z',
});

const health = (flowId: string, state: DashboardFlow['health'], patch: Partial<DashboardFlow> = {}) => ({
  flowId,
  name: flowId,
  sourceAppId: '',
  targetAppId: '',
  health: state,
  reason: null,
  lastRunAt: null,
  openFailures: 0,
  ...patch,
});

const apps = [app('crm'), app('billing'), app('shop'), app('spreadsheet')];
const summaryOf = (graph: ReturnType<typeof buildMapGraph>, appId: string) =>
  graph.apps.find((a) => a.app.id === appId)!.summary;

describe('buildMapGraph', () => {
  it('draws every app, with or without flows, in the order given', () => {
    const graph = buildMapGraph(apps, [flow('f1', 'crm', 'billing')], [], new Set());
    expect(graph.apps.map((a) => a.app.id)).toEqual(['crm', 'billing', 'shop', 'spreadsheet']);
    expect(summaryOf(graph, 'shop')).toEqual({ text: 'No flows yet', health: null });
    expect(graph.apps.find((a) => a.app.id === 'shop')!.flows).toEqual([]);
  });

  it('leaves out a flow whose app is gone, so no line points at nothing', () => {
    const graph = buildMapGraph(
      apps,
      [flow('f1', 'crm', 'billing'), flow('orphan', 'crm', 'deleted-app'), flow('ghost', 'gone', 'shop')],
      [],
      new Set(),
    );
    expect(graph.flows.map((f) => f.flow.id)).toEqual(['f1']);
    expect(graph.apps.find((a) => a.app.id === 'crm')!.flows.map((f) => f.flow.id)).toEqual(['f1']);
    expect(summaryOf(graph, 'shop').text).toBe('No flows yet');
  });

  it('joins each flow with its health, reason, failures and last run from the dashboard', () => {
    const graph = buildMapGraph(
      apps,
      [flow('f1', 'crm', 'billing')],
      [
        health('f1', 'failing', {
          reason: 'Stripe refused 2 records.',
          openFailures: 2,
          lastRunAt: '2026-03-10T09:00:00.000Z',
        }),
      ],
      new Set(),
    );
    expect(graph.flows[0]).toMatchObject({
      health: 'failing',
      reason: 'Stripe refused 2 records.',
      openFailures: 2,
      lastRunAt: '2026-03-10T09:00:00.000Z',
      running: false,
      entities: 'contacts → customers',
    });
  });

  it('treats a flow the dashboard does not know yet as not run, or paused when switched off', () => {
    const graph = buildMapGraph(
      apps,
      [flow('new', 'crm', 'billing'), flow('off', 'crm', 'shop', false)],
      [],
      new Set(),
    );
    expect(graph.flows.map((f) => [f.flow.id, f.health, f.openFailures])).toEqual([
      ['new', 'never_run', 0],
      ['off', 'paused', 0],
    ]);
  });

  it('gives each app the flows that read from it or write to it', () => {
    const graph = buildMapGraph(
      apps,
      [flow('f1', 'crm', 'billing'), flow('f2', 'shop', 'crm'), flow('f3', 'shop', 'billing')],
      [],
      new Set(),
    );
    const touching = (id: string) => graph.apps.find((a) => a.app.id === id)!.flows.map((f) => f.flow.id);
    expect(touching('crm')).toEqual(['f1', 'f2']);
    expect(touching('billing')).toEqual(['f1', 'f3']);
    expect(touching('shop')).toEqual(['f2', 'f3']);
  });

  it("sums up an app by its flows' most urgent state, with a count only when it is not all of them", () => {
    const flows = [
      flow('f1', 'crm', 'billing'),
      flow('f2', 'crm', 'shop'),
      flow('f3', 'spreadsheet', 'shop'),
    ];
    const graph = buildMapGraph(
      apps,
      flows,
      [health('f1', 'ok'), health('f2', 'failing'), health('f3', 'paused')],
      new Set(),
    );
    expect(summaryOf(graph, 'crm')).toEqual({ text: '2 flows · 1 failing', health: 'failing' });
    expect(summaryOf(graph, 'billing')).toEqual({ text: '1 flow · all working', health: 'ok' });
    expect(summaryOf(graph, 'shop')).toEqual({ text: '2 flows · 1 failing', health: 'failing' });
    expect(summaryOf(graph, 'spreadsheet')).toEqual({ text: '1 flow · paused', health: 'paused' });
  });

  it('says an app is syncing while any of its flows runs, whatever their health', () => {
    const graph = buildMapGraph(
      apps,
      [flow('f1', 'crm', 'billing'), flow('f2', 'crm', 'shop')],
      [health('f1', 'failing'), health('f2', 'ok')],
      new Set(['f2']),
    );
    expect(graph.flows.map((f) => f.running)).toEqual([false, true]);
    expect(summaryOf(graph, 'crm')).toEqual({ text: '2 flows · 1 syncing', health: 'running' });
    expect(summaryOf(graph, 'shop')).toEqual({ text: '1 flow · syncing', health: 'running' });
    expect(summaryOf(graph, 'billing')).toEqual({ text: '1 flow · failing', health: 'failing' });
  });

  it('says "not run yet" for flows that have never run', () => {
    const graph = buildMapGraph(
      apps,
      [flow('f1', 'crm', 'billing'), flow('f2', 'crm', 'shop')],
      [health('f1', 'ok')],
      new Set(),
    );
    expect(summaryOf(graph, 'crm')).toEqual({ text: '2 flows · 1 not run yet', health: 'never_run' });
  });
});
