import { clientFor } from '../host/core-client.ts';
import type { Core } from '../host/core.ts';
import type { Logger } from '../ports.ts';
import { startDemoApps } from './demo-apps.ts';
import { demoFlowName } from './demo-flows.ts';
import { connectDemoWorkspace, seedDemoWorkspace } from './seed-demo-workspace.ts';

/**
 * The demo workspace alive: the sample office, its simulated HubSpot and Stripe
 * running on this PC, and the demo flows. Call before the scheduler starts, so no run
 * goes to last session's addresses. Stop it after the core has shut down.
 */
export async function runDemoWorkspace(
  core: Core,
  logger: Logger,
): Promise<{ stop(): Promise<void>; firstSync(): void }> {
  const { seeded } = await seedDemoWorkspace(core);
  if (seeded) logger.info('Created the demo workspace with a few sample apps.');
  const apps = await startDemoApps(core.workspace.dir);
  try {
    await connectDemoWorkspace(core, { hubspotUrl: apps.hubspot.url, stripeUrl: apps.stripe.url }, (m) =>
      logger.info(m),
    );
  } catch (error) {
    await apps.stop();
    throw error;
  }
  logger.info(
    `The demo's simulated HubSpot (${apps.hubspot.url}) and Stripe (${apps.stripe.url}) are running.`,
  );
  return {
    stop: () => apps.stop(),
    // Only on the start that created the workspace: after that the schedule runs it.
    firstSync: () => {
      if (seeded) startFirstSync(core, logger);
    },
  };
}

/**
 * Runs the demo flow once in the background, so a new user sees every view alive in
 * the first minute (runs, a failure to fix, a red line on the map) rather than waiting
 * up to 15 minutes for the schedule. Call after the scheduler has started.
 */
function startFirstSync(core: Core, logger: Logger): void {
  void (async () => {
    const api = clientFor(core);
    const flow = (await api.call('flows.list')).find((f) => f.name === demoFlowName);
    if (!flow) return;
    logger.info(`Running "${demoFlowName}" once so every view has something to show…`);
    const { counts } = await api.call('flows.run', { id: flow.id, startedFrom: 'first-start' });
    logger.info(
      `The demo's first sync wrote ${counts.created + counts.updated} records` +
        (counts.failed > 0 ? `; ${counts.failed} could not be written (on purpose): see Failures.` : '.'),
    );
  })().catch((error: unknown) =>
    logger.error(`The demo's first sync did not run: ${(error as Error).message}`),
  );
}
