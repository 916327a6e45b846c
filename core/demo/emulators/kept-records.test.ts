import { describe, expect, it } from 'vitest';
import { HubSpotStore } from './hubspot-store.ts';
import { MailchimpStore, subscriberHash } from './mailchimp-emulator.ts';
import { PipedriveStore } from './pipedrive-emulator.ts';
import { ShopifyStore } from './shopify-emulator.ts';
import { ZendeskStore } from './zendesk-emulator.ts';

// The demo keeps its simulated apps between starts as JSON (demo-apps.ts): what a store
// saved comes back whole after a restart, and what is made next gets numbers of its own.

const restarted = <S extends { snapshot(): unknown; load(saved: never): void }>(store: S, fresh: S): S => {
  fresh.load(JSON.parse(JSON.stringify(store.snapshot())) as never);
  return fresh;
};

describe('records kept between the demo’s starts', () => {
  it('Shopify: records, ids and order numbers carry on after a restart', () => {
    const before = new ShopifyStore();
    const order = before.add('orders', { email: 'ada@example.com', line_items: [] });
    const customer = before.add('customers', { email: 'ada@example.com' });
    const after = restarted(before, new ShopifyStore());
    expect(after.items.orders.get(order.id)).toEqual(order);
    expect(after.items.customers.get(customer.id)).toEqual(customer);
    const next = after.add('orders', { email: 'grace@example.com', line_items: [] });
    expect(next.id).toBe(customer.id + 1);
    expect(next).toMatchObject({ order_number: 1002, name: '#1002' });
  });

  it('Pipedrive and Zendesk: every kind comes back, and a new record never takes a saved id', () => {
    const pipedrive = new PipedriveStore();
    const person = pipedrive.add('persons', { name: 'Ada' });
    const deal = pipedrive.add('deals', { title: 'Printer' });
    const pipedriveAfter = restarted(pipedrive, new PipedriveStore());
    expect([...pipedriveAfter.items.persons.values()]).toEqual([person]);
    expect([...pipedriveAfter.items.deals.values()]).toEqual([deal]);
    expect(pipedriveAfter.add('organizations', { name: 'Acme' }).id).toBe(deal.id + 1);

    const zendesk = new ZendeskStore();
    const user = zendesk.add('users', { name: 'Ada', email: 'ada@example.com' });
    const zendeskAfter = restarted(zendesk, new ZendeskStore());
    expect(zendeskAfter.items.users.get(user.id)).toEqual(user);
    expect(zendeskAfter.add('tickets', { subject: 'Paper jam' }).id).toBe(user.id + 1);
  });

  it('HubSpot: contacts, companies and deals all come back (files from before companies and deals load too)', () => {
    const before = new HubSpotStore();
    const { contact } = before.upsert({ email: 'ada@example.com' });
    const { contact: company } = before.companies.upsert({ name: 'Acme', domain: 'acme.example' });
    const { contact: deal } = before.deals.upsert({ dealname: 'Printer' });
    const after = restarted(before, new HubSpotStore());
    expect(after.findByEmail('ada@example.com')).toEqual(contact);
    expect(after.companies.findByUnique('acme.example')).toEqual(company);
    expect(after.deals.byId.get(deal.id)).toEqual(deal);
    expect(after.deals.upsert({ dealname: 'Toner' }).contact.id).toBe(String(Number(deal.id) + 1));

    const older = new HubSpotStore();
    older.load({ contacts: [contact], nextId: 2 });
    expect(older.findByEmail('ada@example.com')).toEqual(contact);
    expect(older.deals.byId.size).toBe(0);
  });

  it('Mailchimp: its members come back, from this format and from the plain list older demo files saved', () => {
    const before = new MailchimpStore('list1');
    const member = before.upsert('ada@example.com', {});
    expect(restarted(before, new MailchimpStore('list1')).members.get(member.id)).toEqual(member);

    const older = new MailchimpStore('list1');
    older.load(JSON.parse(JSON.stringify([member])) as never);
    expect(older.members.get(subscriberHash('ada@example.com'))).toEqual(member);
  });
});
