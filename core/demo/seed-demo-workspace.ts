import type { AppInput } from '../contract/apps.ts';
import { demoCredentials, demoPortalId } from './demo-apps.ts';
import { contactsToCustomers, plannedDemoFlows } from './demo-flows.ts';
import { clientFor } from '../host/core-client.ts';
import type { Core } from '../host/core.ts';

/** The office in the demo workspace: the apps a small business typically pays for. */
export const demoApps: readonly AppInput[] = [
  {
    name: 'HubSpot',
    vendor: 'HubSpot',
    category: 'crm',
    owner: 'Sales (Maria)',
    criticality: 'high',
    notes: 'Where every customer conversation starts.',
    entities: [
      { name: 'Contacts', systemOfRecord: true },
      { name: 'Companies', systemOfRecord: true },
    ],
  },
  {
    name: 'Stripe',
    vendor: 'Stripe',
    category: 'billing',
    owner: 'Finance (Tom)',
    criticality: 'high',
    notes: 'Card payments and subscriptions.',
    entities: [
      { name: 'Customers', systemOfRecord: false },
      { name: 'Invoices', systemOfRecord: true },
    ],
  },
  {
    name: 'Xero',
    vendor: 'Xero',
    category: 'accounting',
    owner: 'Finance (Tom)',
    criticality: 'high',
    notes: 'The books; the accountant logs in monthly.',
    entities: [
      { name: 'Contacts', systemOfRecord: false },
      { name: 'Invoices', systemOfRecord: false },
    ],
  },
  {
    name: 'Shopify',
    vendor: 'Shopify',
    category: 'shop',
    owner: 'Operations (Ali)',
    criticality: 'medium',
    notes: 'Online shop.',
    entities: [
      { name: 'Orders', systemOfRecord: true },
      { name: 'Products', systemOfRecord: true },
    ],
  },
  {
    name: 'Mailchimp',
    vendor: 'Intuit Mailchimp',
    category: 'mailing',
    owner: 'Marketing (Maria)',
    criticality: 'low',
    notes: 'Monthly newsletter.',
    entities: [{ name: 'Subscribers', systemOfRecord: false }],
  },
];

/**
 * Fills an empty workspace with the demo office, through the API like any client.
 * Leaves a workspace that already has apps alone, so a user's edits survive restarts.
 */
export async function seedDemoWorkspace(core: Core): Promise<{ seeded: boolean }> {
  const api = clientFor(core);
  if ((await api.call('apps.list')).length > 0) return { seeded: false };
  for (const app of demoApps) {
    try {
      await api.call('apps.create', app);
    } catch (error) {
      throw new Error(`Could not add the demo app ${app.name}: ${(error as Error).message}`);
    }
  }
  return { seeded: true };
}

/**
 * Points the demo's HubSpot and Stripe at the simulated apps running now (their ports
 * change at each start), saves their demo credentials in the keychain, and on first
 * start adds the demo flows. A keychain that cannot be reached is reported, not fatal:
 * the inventory, map and history still show.
 */
export async function connectDemoWorkspace(
  core: Core,
  running: { hubspotUrl: string; stripeUrl: string },
  warn: (message: string) => void,
): Promise<void> {
  const api = clientFor(core);
  const apps = await api.call('apps.list');
  const byName = new Map(apps.map((a) => [a.name, a]));
  const simulated = [
    ['HubSpot', 'hubspot', running.hubspotUrl, demoCredentials.hubspot],
    ['Stripe', 'stripe', running.stripeUrl, demoCredentials.stripe],
  ] as const;
  for (const [name, preset, baseUrl, credential] of simulated) {
    const app = byName.get(name);
    if (!app) continue;
    const { name: appName, vendor, category, owner, criticality, notes, entities } = app;
    // The simulated HubSpot's account id, so a failed contact links to its page there.
    const config = preset === 'hubspot' ? { baseUrl, portalId: demoPortalId } : { baseUrl };
    const connector = { preset, config };
    const input = { name: appName, vendor, category, owner, criticality, notes, entities, connector };
    await api.call('apps.update', { id: app.id, app: input });
    try {
      await api.call('secrets.set', { appId: app.id, value: credential });
    } catch (error) {
      warn(`The demo flows cannot sign in to ${name}: ${(error as Error).message}`);
    }
  }
  const flows = await api.call('flows.list');
  const hubspot = byName.get('HubSpot');
  const stripe = byName.get('Stripe');
  if (flows.length > 0 || !hubspot || !stripe) return;
  await api.call('flows.create', {
    ...contactsToCustomers(hubspot.id, stripe.id),
    schedule: 'every 15 minutes',
  });
  for (const planned of plannedDemoFlows(new Map(apps.map((a) => [a.name, a.id]))))
    await api.call('flows.create', planned);
}
