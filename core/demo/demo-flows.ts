import type { FlowInput } from '../contract/flows.ts';

export const demoFlowName = 'HubSpot contacts to Stripe customers';

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
      {
        target: 'email',
        source: 'email',
        transforms: [{ type: 'trim' }, { type: 'case', to: 'lower' }],
        required: true,
      },
      { target: 'name', template: '{{firstname}} {{lastname}}' },
      { target: 'phone', source: 'phone' },
      { target: 'metadata.hubspot_id', source: 'id' },
    ],
  };
}

/** Flows the demo office has planned between apps Patchbay cannot reach yet: on the map, not run. */
export const plannedDemoFlows = (ids: ReadonlyMap<string, string>): FlowInput[] =>
  [
    ['Shop orders to accounting', 'Shopify', 'Orders', 'Xero', 'Invoices', 'order_number'],
    ['Contacts to the newsletter', 'HubSpot', 'Contacts', 'Mailchimp', 'Subscribers', 'email'],
  ].flatMap(([name, from, fromEntity, to, toEntity, key]) => {
    const sourceAppId = ids.get(from!);
    const targetAppId = ids.get(to!);
    if (!sourceAppId || !targetAppId) return [];
    return [
      {
        name: name!,
        sourceAppId,
        sourceEntity: fromEntity!,
        targetAppId,
        targetEntity: toEntity!,
        matchKey: key!,
        mapping: [{ target: key!, source: key! }],
        enabled: false,
      },
    ];
  });
