import { startHubSpotEmulator } from '../core/demo/emulators/hubspot-emulator.ts';
import { hubspotToken } from '../core/testing/sync-harness.ts';
import { measureJob, unthrottled } from './run-job.ts';
const size = Number(process.argv[2] ?? 100000);
const hubspot = await startHubSpotEmulator({ tokens: [hubspotToken], rateLimit: unthrottled });
hubspot.store.seedContacts(size);
const m = await measureJob('patchbay', size, hubspot, ['--import', '/tmp/perf/memwatch.mjs', ...(process.env.EXTRA_NODE ?? '').split(' ').filter(Boolean)]);
console.log(JSON.stringify(m));
await hubspot.close();
