import { describe, expect, it } from 'vitest';
import {
  noticeRoute,
  trayColours,
  trayHealth,
  trayIconBitmap,
  trayMenu,
  trayTooltip,
  type TrayMenuEntry,
  type TrayState,
} from './tray-model.ts';

const ok = (flowId: string, name: string) => ({ flowId, name, health: 'ok' as const, reason: null });
const calm: TrayState = {
  flows: [ok('f1', 'Contacts to customers'), ok('f2', 'Orders to invoices')],
  schedulesPaused: false,
  runElsewhere: null,
};
const failing = {
  flowId: 'f3',
  name: 'Invoices to books',
  health: 'failing' as const,
  reason: '2 records failed',
};
const paused = {
  flowId: 'f/4',
  name: 'Deals to sheet',
  health: 'paused' as const,
  reason: 'HubSpot refused the key',
};

const labels = (entries: TrayMenuEntry[]) =>
  entries.map((entry) => (entry.type === 'separator' ? '—' : entry.label));
const item = (entries: TrayMenuEntry[], label: string) =>
  entries.find((entry) => entry.type !== 'separator' && entry.label.startsWith(label));

describe('the tray colour and tooltip', () => {
  it('is green and says all syncing when every flow is fine', () => {
    expect(trayHealth(calm)).toBe('syncing');
    expect(trayColours[trayHealth(calm)]).toBe('#2e7d32');
    expect(trayTooltip(calm)).toBe('Patchbay: all 2 flows syncing');
    expect(trayTooltip({ ...calm, flows: [] })).toBe('Patchbay: no flows yet');
  });

  it('turns to attention when a flow fails or was paused by Patchbay, naming it when it is one', () => {
    const state = { ...calm, flows: [...calm.flows, failing] };
    expect(trayHealth(state)).toBe('attention');
    expect(trayTooltip(state)).toBe('Patchbay: Invoices to books needs attention');
    expect(trayTooltip({ ...calm, flows: [failing, paused] })).toBe('Patchbay: 2 flows need attention');
    // Attention wins over paused schedules: a problem must not hide behind a pause.
    expect(trayHealth({ ...state, schedulesPaused: true })).toBe('attention');
  });

  it('is grey and says paused when schedules are paused', () => {
    const state = { ...calm, schedulesPaused: true };
    expect(trayHealth(state)).toBe('paused');
    expect(trayColours.paused).toBe('#757575');
    expect(trayTooltip(state)).toBe('Patchbay: schedules are paused; no flow runs by itself');
  });

  it('says when the core cannot be reached, and when the background service runs the schedules', () => {
    expect(trayHealth({ ...calm, unavailable: 'Patchbay is closing.' })).toBe('unknown');
    expect(trayTooltip({ ...calm, unavailable: 'Patchbay is closing.' })).toBe(
      'Patchbay: Patchbay is closing.',
    );
    expect(trayTooltip({ ...calm, runElsewhere: 'Schedules are run by …' })).toBe(
      'Patchbay: all 2 flows syncing. Schedules are run by the background service.',
    );
  });

  it('draws a disc of the colour: opaque in the middle, transparent in the corner', () => {
    const size = 16;
    const bitmap = trayIconBitmap('#d84315', size);
    expect(bitmap).toHaveLength(size * size * 4);
    const middle = (8 * size + 8) * 4;
    expect([...bitmap.subarray(middle, middle + 4)]).toEqual([0x15, 0x43, 0xd8, 255]); // BGRA
    expect([...bitmap.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
  });
});

describe('the tray menu', () => {
  it('opens, syncs all, pauses and quits when all is well', () => {
    expect(labels(trayMenu(calm))).toEqual([
      'Open Patchbay',
      'Sync all now',
      'Pause schedules',
      '—',
      'Quit Patchbay',
    ]);
    expect(item(trayMenu(calm), 'Sync all now')).toMatchObject({
      enabled: true,
      action: { kind: 'syncAll' },
    });
    expect(item(trayMenu(calm), 'Quit')).toMatchObject({ action: { kind: 'quit' } });
  });

  it('offers resume while paused', () => {
    expect(item(trayMenu({ ...calm, schedulesPaused: true }), 'Resume schedules')).toMatchObject({
      enabled: true,
      action: { kind: 'resumeSchedules' },
    });
    expect(item(trayMenu({ ...calm, schedulesPaused: true }), 'Pause schedules')).toBeUndefined();
  });

  it('lists the flows needing attention, each opening its own view', () => {
    const menu = trayMenu({ ...calm, flows: [...calm.flows, failing, paused] });
    expect(labels(menu)).toEqual([
      'Open Patchbay',
      'Sync all now',
      'Pause schedules',
      '—',
      'Needs attention',
      'Invoices to books: 2 records failed',
      'Deals to sheet: HubSpot refused the key',
      '—',
      'Quit Patchbay',
    ]);
    expect(item(menu, 'Deals to sheet')).toMatchObject({
      action: { kind: 'open', route: '/flows/f%2F4/edit' },
    });
  });

  it('counts what does not fit, linking the dashboard', () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ ...failing, flowId: `f${i}`, name: `Flow ${i}` }));
    const menu = trayMenu({ ...calm, flows: many });
    expect(item(menu, '3 more on the dashboard')).toMatchObject({
      action: { kind: 'open', route: '/dashboard' },
    });
    expect(menu.filter((entry) => entry.type === 'item' && entry.label.startsWith('Flow '))).toHaveLength(8);
  });

  it('offers Sync all now while the background service runs the syncs (it runs them there), not while the core is away', () => {
    const elsewhere = trayMenu({ ...calm, runElsewhere: 'Schedules are run by the background service' });
    expect(item(elsewhere, 'Sync all now')).toMatchObject({ enabled: true, action: { kind: 'syncAll' } });
    expect(item(trayMenu({ ...calm, flows: [] }), 'Sync all now')).toMatchObject({ enabled: false });
    const away = trayMenu({ ...calm, unavailable: 'Patchbay is closing.' });
    expect(item(away, 'Sync all now')).toMatchObject({ enabled: false });
    expect(item(away, 'Pause schedules')).toMatchObject({ enabled: false });
    expect(item(away, 'Quit')).toMatchObject({ enabled: true });
  });

  it('has a start-at-login check box where it can start at login', () => {
    expect(item(trayMenu(calm), 'Start Patchbay at login')).toBeUndefined();
    expect(item(trayMenu({ ...calm, startAtLogin: true }), 'Start Patchbay at login')).toEqual({
      type: 'check',
      label: 'Start Patchbay at login',
      checked: true,
      action: { kind: 'startAtLogin', enabled: false },
    });
  });

  it('routes a notification to its flow, or to the dashboard', () => {
    expect(noticeRoute('abc')).toBe('/flows/abc/edit');
    expect(noticeRoute(null)).toBe('/dashboard');
  });
});
