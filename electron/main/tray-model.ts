// What the tray shows, as plain data from the workspace's state: the icon's colour, the
// tooltip in words and the menu. No electron import: tested in plain Node
// (tray-model.test.ts); tray.ts turns it into a Tray and a Menu.
import type { z } from 'zod';
import type { dashboardSchema } from '../../core/contract/settings.ts';

type DashboardFlow = z.infer<typeof dashboardSchema>['flows'][number];

/** What the tray needs to know, read from dashboard.get and scheduler.status. */
export interface TrayState {
  readonly flows: readonly Pick<DashboardFlow, 'flowId' | 'name' | 'health' | 'reason'>[];
  /** Every schedule paused by hand ("Pause schedules"). */
  readonly schedulesPaused: boolean;
  /** Who runs the schedules when another process does (the background service), else null. */
  readonly runElsewhere: string | null;
  /** The core could not be reached (still starting, or it stopped): the reason. */
  readonly unavailable?: string;
  /** Whether Patchbay starts at login; undefined where it cannot (an unpackaged build). */
  readonly startAtLogin?: boolean;
}

/** The overall health the icon's colour says: all syncing, something needs attention, paused. */
export type TrayHealth = 'syncing' | 'attention' | 'paused' | 'unknown';

/** Colours with enough contrast on light and dark menu bars (WCAG 3:1 against white and #202020). */
export const trayColours: Record<TrayHealth, string> = {
  syncing: '#2e7d32',
  attention: '#d84315',
  paused: '#757575',
  unknown: '#5b7cfa',
};

const needsAttention = (flow: TrayState['flows'][number]) =>
  flow.health === 'failing' || flow.health === 'paused';

export function trayHealth(state: TrayState): TrayHealth {
  if (state.unavailable !== undefined) return 'unknown';
  if (state.flows.some(needsAttention)) return 'attention';
  if (state.schedulesPaused) return 'paused';
  return 'syncing';
}

export function trayTooltip(state: TrayState): string {
  const attention = state.flows.filter(needsAttention);
  const words: Record<TrayHealth, () => string> = {
    unknown: () => `Patchbay: ${state.unavailable}`,
    attention: () =>
      attention.length === 1
        ? `Patchbay: ${attention[0]!.name} needs attention`
        : `Patchbay: ${attention.length} flows need attention`,
    paused: () => 'Patchbay: schedules are paused; no flow runs by itself',
    syncing: () =>
      state.flows.length === 0
        ? 'Patchbay: no flows yet'
        : `Patchbay: all ${state.flows.length === 1 ? '1 flow' : `${state.flows.length} flows`} syncing`,
  };
  const tooltip = words[trayHealth(state)]();
  return state.runElsewhere ? `${tooltip}. Schedules are run by the background service.` : tooltip;
}

/** The window route that shows a flow (the flow's own page). */
export function flowRoute(flowId: string): string {
  return `/flows/${encodeURIComponent(flowId)}/edit`;
}

/** The route a system notification opens: its flow's page, else the dashboard. */
export function noticeRoute(flowId: string | null): string {
  return flowId === null ? '/dashboard' : flowRoute(flowId);
}

export type TrayAction =
  | { kind: 'open'; route?: string }
  | { kind: 'syncAll' }
  | { kind: 'pauseSchedules' }
  | { kind: 'resumeSchedules' }
  | { kind: 'startAtLogin'; enabled: boolean }
  | { kind: 'quit' };

export type TrayMenuEntry =
  | { type: 'item'; label: string; enabled: boolean; action: TrayAction }
  | { type: 'check'; label: string; checked: boolean; action: TrayAction }
  | { type: 'header'; label: string }
  | { type: 'separator' };

/** Flows listed by name in the menu at most; more are counted in one line. */
const listedAtMost = 8;

export function trayMenu(state: TrayState): TrayMenuEntry[] {
  const attention = state.flows.filter(needsAttention);
  const reachable = state.unavailable === undefined;
  const entries: TrayMenuEntry[] = [
    { type: 'item', label: 'Open Patchbay', enabled: true, action: { kind: 'open' } },
    {
      type: 'item',
      // While the background service holds the workspace, each run is asked of it (no run twice).
      label: 'Sync all now',
      enabled: reachable && state.flows.length > 0,
      action: { kind: 'syncAll' },
    },
    state.schedulesPaused
      ? { type: 'item', label: 'Resume schedules', enabled: reachable, action: { kind: 'resumeSchedules' } }
      : { type: 'item', label: 'Pause schedules', enabled: reachable, action: { kind: 'pauseSchedules' } },
  ];
  if (attention.length > 0) {
    entries.push({ type: 'separator' }, { type: 'header', label: 'Needs attention' });
    for (const flow of attention.slice(0, listedAtMost))
      entries.push({
        type: 'item',
        label: `${flow.name}: ${flow.reason ?? (flow.health === 'failing' ? 'failing' : 'paused')}`.slice(
          0,
          90,
        ),
        enabled: true,
        action: { kind: 'open', route: flowRoute(flow.flowId) },
      });
    if (attention.length > listedAtMost)
      entries.push({
        type: 'item',
        label: `${attention.length - listedAtMost} more on the dashboard`,
        enabled: true,
        action: { kind: 'open', route: '/dashboard' },
      });
  }
  entries.push({ type: 'separator' });
  if (state.startAtLogin !== undefined)
    entries.push({
      type: 'check',
      label: 'Start Patchbay at login',
      checked: state.startAtLogin,
      action: { kind: 'startAtLogin', enabled: !state.startAtLogin },
    });
  entries.push({ type: 'item', label: 'Quit Patchbay', enabled: true, action: { kind: 'quit' } });
  return entries;
}

/**
 * The tray icon: a filled disc of the health's colour with a soft edge, as a BGRA bitmap
 * (nativeImage.createFromBitmap), so no image file per state has to ship.
 */
export function trayIconBitmap(colour: string, size: number): Buffer {
  const [r, g, b] = [1, 3, 5].map((at) => Number.parseInt(colour.slice(at, at + 2), 16)) as [
    number,
    number,
    number,
  ];
  const pixels = Buffer.alloc(size * size * 4);
  const centre = (size - 1) / 2;
  const radius = size / 2 - 0.5;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const coverage = Math.min(1, Math.max(0, radius - Math.hypot(x - centre, y - centre) + 0.5));
      const at = (y * size + x) * 4;
      // Premultiplied, as Skia's N32 bitmaps expect.
      pixels[at] = Math.round(b * coverage);
      pixels[at + 1] = Math.round(g * coverage);
      pixels[at + 2] = Math.round(r * coverage);
      pixels[at + 3] = Math.round(255 * coverage);
    }
  return pixels;
}
