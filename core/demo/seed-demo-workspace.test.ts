import { afterEach, expect, it } from 'vitest';
import { clientFor } from '../host/core-client.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { openTestCore, type TestCore } from '../testing/temp-workspace.ts';
import { startDemoApps, type DemoApps } from './demo-apps.ts';
import { demoCustomers, demoOrders } from './demo-people.ts';
import { demoFlows } from './demo-flows.ts';
import { connectDemoWorkspace, demoApps, seedDemoWorkspace } from './seed-demo-workspace.ts';

let t: TestCore | undefined;
let apps: DemoApps | undefined;
afterEach(async () => {
  await apps?.stop();
  t?.dispose();
  apps = t = undefined;
});

it('fills an empty workspace once and leaves a used one alone', async () => {
  t = openTestCore();
  expect(await seedDemoWorkspace(t.core)).toEqual({ seeded: true });
  const first = await t.core.invoke('apps.list', {});
  expect(first.ok && first.value).toHaveLength(demoApps.length);

  const removed = first.ok ? (first.value as { id: string }[])[0]! : undefined;
  await t.core.invoke('apps.delete', { id: removed!.id });
  expect(await seedDemoWorkspace(t.core)).toEqual({ seeded: false });
  const second = await t.core.invoke('apps.list', {});
  expect(second.ok && second.value).toHaveLength(demoApps.length - 1);
});

it('runs the small office: six simulated apps, five scheduled flows, records landing, one failure', async () => {
  t = openTestCore({ secrets: new InMemorySecretStore() });
  await seedDemoWorkspace(t.core);
  apps = await startDemoApps(t.dir);
  expect(apps.running.map((a) => a.name)).toEqual([
    'HubSpot',
    'Stripe',
    'Shopify',
    'Mailchimp',
    'Zendesk',
    'Pipedrive',
  ]);
  await connectDemoWorkspace(t.core, apps.running, (m) => {
    throw new Error(m);
  });
  const api = clientFor(t.core);
  const flows = await api.call('flows.list');
  const scheduled = flows.filter((f) => f.enabled && f.schedule);
  expect(scheduled).toHaveLength(5);
  // The planned ones (apps Patchbay cannot reach yet) are on the map, switched off.
  expect(flows.filter((f) => !f.enabled).map((f) => f.name)).toEqual(
    expect.arrayContaining(demoFlows.filter((d) => d.planned).map((d) => d.name)),
  );

  const counts = new Map<string, { created: number; failed: number }>();
  for (const flow of scheduled) counts.set(flow.name, (await api.call('flows.run', { id: flow.id })).counts);
  // HubSpot's 48 contacts reach Stripe; Maria's email is refused (the failure to fix).
  expect(counts.get('HubSpot contacts to Stripe customers')).toMatchObject({ created: 48, failed: 1 });
  for (const name of [
    'Shop customers into HubSpot',
    'Shop customers to the newsletter',
    'Shop customers to the helpdesk',
  ])
    expect(counts.get(name), name).toMatchObject({ created: demoCustomers.length, failed: 0 });
  expect(counts.get('Shop orders to the sales pipeline')).toMatchObject({
    created: demoOrders.length,
    failed: 0,
  });

  // The records are really in the other apps.
  const shopper = demoCustomers[0]!.email;
  const hubspot = apps.get('HubSpot')!;
  expect((hubspot.store.snapshot() as { contacts: { properties: { email?: string } }[] }).contacts).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ properties: expect.objectContaining({ email: shopper }) }),
    ]),
  );
  const members = (
    apps.get('Mailchimp')!.store.snapshot() as {
      items: { members: { email_address: string; status: string }[] };
    }
  ).items.members;
  expect(members).toEqual(
    expect.arrayContaining([expect.objectContaining({ email_address: shopper, status: 'subscribed' })]),
  );

  // Kept between starts: a restart finds the records the flows wrote.
  await apps.stop();
  apps = await startDemoApps(t.dir);
  const again = apps.get('Zendesk')!.store.snapshot() as { items: { users: { email: string }[] } };
  expect(again.items.users.map((u) => u.email)).toEqual(expect.arrayContaining([shopper]));
});
