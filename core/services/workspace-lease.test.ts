import { describe, expect, it } from 'vitest';
import { busySentence, canTakeOver, type LeaseHolder } from './workspace-lease.ts';

const holder: LeaseHolder = {
  ownerId: '1234-ab',
  pid: 1234,
  host: 'office-pc',
  kind: 'serve',
  apiAddress: undefined,
  heartbeatAt: '2026-03-02T09:00:00.000Z',
  expiresAt: '2026-03-02T09:00:30.000Z',
};
const here = { host: 'office-pc', isAlive: () => true };

describe('the workspace lease rules', () => {
  it('names the owner and what to do, in one sentence per kind of process', () => {
    expect(busySentence(holder, here)).toBe(
      "Patchbay's browser mode (pid 1234) is running this workspace's syncs; run the flow from there or stop it first.",
    );
    expect(busySentence({ ...holder, kind: 'desktop', host: 'reception' }, here)).toBe(
      "The Patchbay desktop app (pid 1234 on reception) is running this workspace's syncs; run the flow from there or stop it first.",
    );
  });

  it('replaces a holder only when its heartbeat is stale or, on this PC, its process is gone', () => {
    const before = new Date('2026-03-02T09:00:29.999Z');
    const expired = new Date('2026-03-02T09:00:30.000Z');
    expect(canTakeOver(holder, before, here)).toBe(false);
    expect(canTakeOver(holder, expired, here)).toBe(true);
    expect(canTakeOver(holder, before, { ...here, isAlive: () => false })).toBe(true);
    expect(canTakeOver(holder, before, { host: 'laptop', isAlive: () => false })).toBe(false);
  });
});
