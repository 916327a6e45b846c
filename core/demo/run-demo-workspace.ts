import { clientFor } from '../host/core-client.ts';
import type { Core } from '../host/core.ts';
import type { Logger } from '../ports.ts';
import { startDemoApps } from './demo-apps.ts';
import { demoFlows } from './demo-flows.ts';
import { connectDemoWorkspace, seedDemoWorkspace } from './seed-demo-workspace.ts';

/**
 * The demo workspace alive: the sample office, its simulated apps (HubSpot, Stripe,
 * Shopify, Mailchimp, Zendesk, Pipedrive, Xero, Google Sheets) running on this PC, signed
 * in to where they use OAuth, and the demo flows. Call before the scheduler starts, so no
 * run goes to last session's addresses. Stop it after the core has shut down.
 */
export async function runDemoWorkspace(
  core: Core,
  logger: Logger,
): Promise<{ stop(): Promise<void>; firstSync(): void }> {
  const { seeded } = await seedDemoWorkspace(core);
  if (seeded) logger.info('Created the demo workspace with a few sample apps.');
  const apps = await startDemoApps(core.workspace.dir);
  try {
    await connectDemoWorkspace(core, apps.running, (m) => logger.info(m));
  } catch (error) {
    await apps.stop();
    throw error;
  }
  const where = apps.running.map((app) => `${app.name} (${app.emulator.url})`);
  logger.info(`The demo's simulated apps are running: ${where.join(', ')}.`);
  return {
    stop: () => apps.stop(),
    // Only on the start that created the workspace: after that the schedule runs it.
    firstSync: () => {
      if (seeded) startFirstSync(core, logger);
    },
  };
}

/**
 * Runs the demo flows once each in the background, so a new user sees every view alive
 * in the first minute (runs, records landing in seven apps, a failure to fix, a red line
 * on the map) rather than waiting up to an hour for the schedules. One at a time, in the
 * list's order, so the failure shows first. Call after the scheduler has started.
 */
function startFirstSync(core: Core, logger: Logger): void {
  void (async () => {
    const api = clientFor(core);
    const flows = await api.call('flows.list');
    const toRun = demoFlows.flatMap((d) => flows.filter((f) => f.name === d.name && f.enabled));
    if (toRun.length === 0) return;
    logger.info(`Running the ${toRun.length} demo flows once, so every view has something to show…`);
    let written = 0;
    let failed = 0;
    for (const flow of toRun) {
      const { counts } = await api.call('flows.run', { id: flow.id, startedFrom: 'first-start' });
      written += counts.created + counts.updated;
      failed += counts.failed;
      logger.info(
        `  ${flow.name}: ${counts.created + counts.updated} written` +
          (counts.failed > 0 ? `, ${counts.failed} could not be written.` : '.'),
      );
    }
    logger.info(
      `The demo's first sync wrote ${written} records` +
        (failed > 0 ? `; ${failed} could not be written (on purpose): see Failures.` : '.'),
    );
  })().catch((error: unknown) =>
    logger.error(`The demo's first sync did not run: ${(error as Error).message}`),
  );
}
