import type { Core } from '../host/create-core.ts';
import type { Logger } from '../services/ports.ts';
import { startDemoApps } from './demo-apps.ts';
import { connectDemoWorkspace, seedDemoWorkspace } from './seed-demo-workspace.ts';

/**
 * The demo workspace alive: the sample office, its simulated HubSpot and Stripe
 * running on this PC, and the demo flows. Call before the scheduler starts, so no run
 * goes to last session's addresses. Stop it after the core has shut down.
 */
export async function runDemoWorkspace(core: Core, logger: Logger): Promise<{ stop(): Promise<void> }> {
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
  return apps;
}
