import type { AppInput } from '../contract/apps.ts';
import type { RunningDemoApp } from './demo-apps.ts';
import { demoFlowInputs } from './demo-flows.ts';
import { signInToDemoApp } from './demo-sign-in.ts';
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
    name: 'Shopify',
    vendor: 'Shopify',
    category: 'shop',
    owner: 'Operations (Ali)',
    criticality: 'high',
    notes: 'The online shop: where most customers first appear.',
    entities: [
      { name: 'Customers', systemOfRecord: false },
      { name: 'Orders', systemOfRecord: true },
      { name: 'Products', systemOfRecord: false },
    ],
  },
  {
    name: 'Mailchimp',
    vendor: 'Intuit Mailchimp',
    category: 'mailing',
    owner: 'Marketing (Maria)',
    criticality: 'low',
    notes: 'Monthly newsletter.',
    entities: [{ name: 'Audience members', systemOfRecord: false }],
  },
  {
    name: 'Zendesk',
    vendor: 'Zendesk',
    category: 'helpdesk',
    owner: 'Support (Sam)',
    criticality: 'medium',
    notes: 'Customer emails and tickets.',
    entities: [
      { name: 'Users', systemOfRecord: false },
      { name: 'Tickets', systemOfRecord: true },
    ],
  },
  {
    name: 'Pipedrive',
    vendor: 'Pipedrive',
    category: 'crm',
    owner: 'Sales (Maria)',
    criticality: 'medium',
    notes: 'The sales pipeline: leads from trade fairs and calls.',
    entities: [
      { name: 'People', systemOfRecord: true },
      { name: 'Deals', systemOfRecord: true },
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
    name: 'Google Sheets',
    vendor: 'Google',
    category: 'spreadsheet',
    owner: 'Operations (Ali)',
    criticality: 'low',
    notes: "The price list everyone edits; the shop's prices should follow it.",
    entities: [{ name: 'Price list', systemOfRecord: true }],
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
 * Points the demo's apps at the simulated ones running now (their ports change at each
 * start), saves their demo credentials in the keychain, signs in to those that sign in
 * through the browser (as the user would, tokens into the keychain), and on first start
 * adds the demo flows. A keychain or sign-in that fails is reported, not fatal: the
 * inventory, map and history still show.
 */
export async function connectDemoWorkspace(
  core: Core,
  running: readonly Pick<RunningDemoApp, 'name' | 'preset' | 'config' | 'credential' | 'signsIn'>[],
  warn: (message: string) => void,
): Promise<void> {
  const api = clientFor(core);
  const apps = await api.call('apps.list');
  const byName = new Map(apps.map((a) => [a.name, a]));
  for (const { name, preset, config, credential, signsIn } of running) {
    const app = byName.get(name);
    if (!app) continue;
    const { name: appName, vendor, category, owner, criticality, notes, entities } = app;
    const connector = { preset, config };
    const input = { name: appName, vendor, category, owner, criticality, notes, entities, connector };
    await api.call('apps.update', { id: app.id, app: input });
    try {
      if (credential !== undefined) await api.call('secrets.set', { appId: app.id, value: credential });
      if (signsIn) await signInToDemoApp(core, app);
    } catch (error) {
      warn(`The demo flows cannot sign in to ${name}: ${(error as Error).message}`);
    }
  }
  if ((await api.call('flows.list')).length > 0) return;
  for (const flow of demoFlowInputs(new Map(apps.map((a) => [a.name, a.id])))) {
    try {
      await api.call('flows.create', flow);
    } catch (error) {
      throw new Error(`Could not add the demo flow "${flow.name}": ${(error as Error).message}`);
    }
  }
}
