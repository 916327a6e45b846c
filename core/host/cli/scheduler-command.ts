import type { PatchbayEvent } from '../../contract/methods.ts';
import { openCore } from '../open-core.ts';
import { expectPositionals, parseCommandArgs } from './cli-args.ts';
import { runSchedulesWhenFree } from '../wait-for-schedules.ts';
import {
  call,
  CommandFailure,
  inWords,
  keychainFromEnv,
  openFailure,
  runCommand,
  workspaceDirOf,
} from './cli-session.ts';

/** How often a waiting scheduler tries the lease again: a killed holder is replaced within seconds. */
const leaseRetryMs = 2000;

const usage = `Usage: patchbay scheduler [--workspace DIR [--create]]

Runs the workspace's flows on their schedules, without a window, until Ctrl+C (or
SIGTERM). Stopping lets each run finish the page it is on and save its place.

One scheduler runs a workspace at a time. When another Patchbay (a scheduler, the
desktop app or browser mode) runs it already, this one says so and waits, then takes
over as soon as that one stops or dies. "patchbay service install" runs this command
as a background service.`;

/** `patchbay scheduler`: the schedules, headless, until SIGINT/SIGTERM. */
export function runSchedulerCommand(args: string[]): Promise<number> {
  return runCommand(usage, async () => {
    expectPositionals(parseCommandArgs(args, {}).positionals, []);
    const workspaceDir = workspaceDirOf(args);
    let core;
    try {
      // Not the owner yet: another scheduler (or the desktop app) may hold the workspace;
      // this one waits for it below instead of giving up.
      core = openCore({
        workspaceDir,
        secrets: keychainFromEnv(process.env, workspaceDir),
        owner: 'scheduler',
        takeLeaseNow: false,
        logger: {
          info: (m) => console.log(m),
          error: (m, e) => console.error(m, e === undefined ? '' : inWords(e)),
        },
      });
    } catch (error) {
      throw new CommandFailure(openFailure(workspaceDir, error));
    }
    const stopping = new AbortController();
    const stop = (signal: string) => {
      console.log(`${signal}: stopping. Runs in progress finish their current page and save their place…`);
      stopping.abort();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));

    const running = await runSchedulesWhenFree(core, {
      retryMs: leaseRetryMs,
      signal: stopping.signal,
      waiting: (sentence) =>
        console.log(`${sentence}\nWaiting: this scheduler takes over as soon as that one stops.`),
    });
    if (running) {
      const names = new Map((await call(core, 'flows.list', {})).map((f) => [f.id, f.name]));
      const scheduled = (await call(core, 'scheduler.status', {})).flows;
      console.log(
        `Patchbay is running the schedules of ${scheduled.length} flow${scheduled.length === 1 ? '' : 's'} in ${workspaceDir}. Press Ctrl+C to stop.`,
      );
      for (const f of scheduled) console.log(`  ${names.get(f.flowId) ?? f.flowId}: ${f.words}`);
      core.onEvent((event) => console.log(describe(event, names)));
      await new Promise<void>((resolve) => stopping.signal.addEventListener('abort', () => resolve()));
    }
    await core.shutdown();
    console.log('Stopped; the workspace database is closed.');
    return 0;
  });
}

function describe(event: PatchbayEvent, names: ReadonlyMap<string, string>): string {
  const payload = event.payload as Record<string, unknown>;
  const name = names.get(String(payload.flowId)) ?? 'A flow';
  switch (event.name) {
    case 'runs.started':
      return `${name}: started (${String(payload.trigger)}).`;
    case 'runs.progress': {
      const counts = payload.counts as { read: number };
      return `${name}: ${counts.read} records read so far (page ${String(payload.page)}).`;
    }
    case 'runs.finished': {
      const c = payload.counts as { read: number; created: number; updated: number; failed: number };
      return `${name}: ${String(payload.status)} — ${c.read} read, ${c.created} created, ${c.updated} updated, ${c.failed} failed.`;
    }
    case 'scheduler.logged':
    case 'scheduler.alert':
      return String(payload.message);
    default:
      return `${event.name}`;
  }
}
