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

/**
 * A shop order as a sales invoice (ACCREC) in accounting, with one line for the order's
 * total. The invoice number is made from the order's, so a repeat finds the invoice
 * instead of adding a second one (the demo's flow, the Xero sync tests and the bench's).
 */
export const orderAsInvoice = {
  sourceEntity: 'orders',
  targetEntity: 'invoices',
  matchKey: 'InvoiceNumber',
  writeMode: 'upsert',
  mapping: [
    { target: 'InvoiceNumber', template: 'SHOP-{{order_number}}', required: true, transforms: [] },
    { target: 'Type', constant: 'ACCREC', transforms: [] },
    { target: 'Contact.Name', source: 'email', required: true, transforms: [{ type: 'trim' }] },
    { target: 'Reference', source: 'name', transforms: [] },
    { target: 'CurrencyCode', source: 'currency', transforms: [] },
    { target: 'LineItems.0.Description', template: 'Shopify order {{name}}', transforms: [] },
    { target: 'LineItems.0.Quantity', constant: 1, transforms: [] },
    {
      target: 'LineItems.0.UnitAmount',
      source: 'total_price',
      required: true,
      transforms: [{ type: 'number', decimals: 2 }],
    },
    { target: 'LineItems.0.AccountCode', constant: '200', transforms: [] },
  ],
} satisfies Partial<FlowInput>;

/** One flow of the demo office, between apps named as in its inventory. */
export interface DemoFlow extends Omit<FlowInput, 'sourceAppId' | 'targetAppId'> {
  readonly from: string;
  readonly to: string;
}

/**
 * The demo office's flows, one entry each: the shop feeds the CRM, the newsletter, the
 * helpdesk, the sales pipeline and the books; the CRM feeds billing; the price list feeds
 * the shop. Adding one is one more entry here.
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
  {
    // The accountant finds every shop sale in the books as an invoice.
    name: 'Shop orders to accounting',
    from: 'Shopify',
    to: 'Xero',
    ...orderAsInvoice,
    schedule: 'every hour',
  },
  {
    // The office edits prices in the sheet; the shop's products follow, new ones added.
    name: 'Price list to the shop',
    from: 'Google Sheets',
    sourceEntity: 'rows',
    to: 'Shopify',
    targetEntity: 'products',
    matchKey: 'handle',
    mapping: [
      { target: 'handle', source: 'handle', required: true, transforms: [{ type: 'trim' }] },
      { target: 'title', source: 'title', required: true },
      { target: 'product_type', source: 'product_type' },
      { target: 'vendor', constant: 'Corner Shop' },
      { target: 'variants.0.sku', source: 'sku' },
      { target: 'variants.0.price', source: 'price', required: true },
    ],
    schedule: 'every 30 minutes',
  },
];

/** The demo flows as the API takes them, for the apps the inventory has (by name → id). */
export function demoFlowInputs(ids: ReadonlyMap<string, string>): FlowInput[] {
  return demoFlows.flatMap(({ from, to, ...flow }) => {
    const sourceAppId = ids.get(from);
    const targetAppId = ids.get(to);
    return sourceAppId && targetAppId ? [{ ...flow, sourceAppId, targetAppId }] : [];
  });
}
