import type { FlowInput } from '../contract/flows.ts';

export const demoFlowName = 'HubSpot contacts to Stripe customers';

/** An email as every app wants it: trimmed, lower case, and never left out. */
const email = {
  source: 'email',
  transforms: [{ type: 'trim' as const }, { type: 'case' as const, to: 'lower' as const }],
  required: true,
};

/** The standard flow: HubSpot contacts → Stripe customers, matched by email (the demo's and the tests'). */
export function contactsToCustomers(hubspotId: string, stripeId: string): FlowInput {
  return {
    name: demoFlowName,
    sourceAppId: hubspotId,
    sourceEntity: 'contacts',
    targetAppId: stripeId,
    targetEntity: 'customers',
    matchKey: 'email',
    mapping: [
      { target: 'email', ...email },
      { target: 'name', template: '{{firstname}} {{lastname}}' },
      { target: 'phone', source: 'phone' },
      { target: 'metadata.hubspot_id', source: 'id' },
    ],
  };
}

/** One flow of the demo office, between apps named as in its inventory. */
export interface DemoFlow extends Omit<FlowInput, 'sourceAppId' | 'targetAppId'> {
  readonly from: string;
  readonly to: string;
  /**
   * A flow to an app Patchbay cannot reach yet (its connector is still being written):
   * on the map, switched off. When the connector lands, drop `planned` and give the
   * flow a real mapping and schedule.
   */
  readonly planned?: true;
}

/**
 * The demo office's flows, one entry each: the shop feeds the CRM, the newsletter, the
 * helpdesk and the sales pipeline, and the CRM feeds billing. Adding one
 * (Shopify orders → Xero invoices, once Xero can be reached) is one more entry here.
 */
export const demoFlows: readonly DemoFlow[] = [
  {
    ...contactsToCustomers('HubSpot', 'Stripe'),
    from: 'HubSpot',
    to: 'Stripe',
    schedule: 'every 15 minutes',
  },
  {
    name: 'Shop customers into HubSpot',
    from: 'Shopify',
    sourceEntity: 'customers',
    to: 'HubSpot',
    targetEntity: 'contacts',
    matchKey: 'email',
    mapping: [
      { target: 'email', ...email },
      { target: 'firstname', source: 'first_name' },
      { target: 'lastname', source: 'last_name' },
      { target: 'phone', source: 'phone' },
    ],
    schedule: 'every 15 minutes',
  },
  {
    name: 'Shop customers to the newsletter',
    from: 'Shopify',
    sourceEntity: 'customers',
    to: 'Mailchimp',
    targetEntity: 'members',
    matchKey: 'email_address',
    mapping: [
      { target: 'email_address', ...email },
      // Shopify's own checkbox says who agreed to the newsletter; the demo's shoppers all did.
      { target: 'status', template: 'subscribed' },
      { target: 'merge_fields.FNAME', source: 'first_name' },
      { target: 'merge_fields.LNAME', source: 'last_name' },
    ],
    schedule: 'every hour',
  },
  {
    name: 'Shop customers to the helpdesk',
    from: 'Shopify',
    sourceEntity: 'customers',
    to: 'Zendesk',
    targetEntity: 'users',
    matchKey: 'email',
    mapping: [
      { target: 'email', ...email },
      { target: 'name', template: '{{first_name}} {{last_name}}' },
      { target: 'phone', source: 'phone' },
    ],
    schedule: 'every 30 minutes',
  },
  {
    // Sales sees what each customer bought: a paid order is a won deal in the pipeline.
    name: 'Shop orders to the sales pipeline',
    from: 'Shopify',
    sourceEntity: 'orders',
    to: 'Pipedrive',
    targetEntity: 'deals',
    matchKey: 'title',
    mapping: [
      { target: 'title', template: 'Shop order {{name}}', required: true },
      { target: 'value', source: 'total_price', transforms: [{ type: 'number', decimals: 2 }] },
      { target: 'currency', source: 'currency' },
      { target: 'status', template: 'won' },
    ],
    schedule: 'every hour',
  },
  planned('Shop orders to accounting', 'Shopify', 'orders', 'Xero', 'invoices', 'order_number'),
  planned('Price list to the shop', 'Google Sheets', 'rows', 'Shopify', 'products', 'handle'),
];

function planned(
  name: string,
  from: string,
  sourceEntity: string,
  to: string,
  targetEntity: string,
  matchKey: string,
): DemoFlow {
  const mapping = [{ target: matchKey, source: matchKey }];
  return { name, from, sourceEntity, to, targetEntity, matchKey, mapping, enabled: false, planned: true };
}

/** The demo flows as the API takes them, for the apps the inventory has (by name → id). */
export function demoFlowInputs(ids: ReadonlyMap<string, string>): FlowInput[] {
  return demoFlows.flatMap(({ from, to, planned: _planned, ...flow }) => {
    const sourceAppId = ids.get(from);
    const targetAppId = ids.get(to);
    return sourceAppId && targetAppId ? [{ ...flow, sourceAppId, targetAppId }] : [];
  });
}
