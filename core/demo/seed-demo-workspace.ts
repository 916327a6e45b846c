import type { AppInput } from '../contract/apps.ts';
import type { Core } from '../host/create-core.ts';

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
  const existing = await core.invoke('apps.list', {});
  if (!existing.ok) throw new Error(existing.error.message);
  if ((existing.value as unknown[]).length > 0) return { seeded: false };
  for (const app of demoApps) {
    const result = await core.invoke('apps.create', app);
    if (!result.ok) throw new Error(`Could not add the demo app ${app.name}: ${result.error.message}`);
  }
  return { seeded: true };
}
