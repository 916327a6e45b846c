import { connectorContract } from '../../testing/connector-contract-kit.ts';
import { startMailchimpEmulator, type MailchimpEmulator } from './mailchimp-emulator.ts';

// The Mailchimp preset against the Mailchimp emulator: one audience's members.

const key = '0123456789abcdef0123456789abcdef-us19';
const listId = 'a1b2c3d4e5';

connectorContract<MailchimpEmulator>({
  name: 'Mailchimp',
  connectorId: 'mailchimp',
  start: async () => {
    const emulator = await startMailchimpEmulator({ keys: [key], listId });
    // The app's address replaces the whole base, /3.0 included.
    return { emulator, secret: key, config: { listId, baseUrl: `${emulator.url}/3.0` } };
  },
  entity: 'members',
  seed: (emulator, count) => void emulator.store.seed(count),
  pages: { records: 2_100, pages: 3 },
  changeAtSource: (emulator, seen) => {
    const picked = [seen[4]!, seen[17]!].map((r) => emulator.store.members.get(r.id)!);
    for (const member of picked) emulator.store.upsert(member.email_address, { status: 'unsubscribed' });
    return picked.map((m) => m.id);
  },
  newRecord: (n) => ({
    key: `New${n}@Example.com`,
    record: {
      email_address: `New${n}@Example.com`,
      status: 'subscribed',
      merge_fields: { FNAME: `New${n}` },
    },
  }),
  writes: 'single',
  update: {
    record: { merge_fields: { LNAME: 'Bloggs' } },
    atSource: (emulator, id) => emulator.store.members.get(id)!.merge_fields,
    expected: { FNAME: 'New2', LNAME: 'Bloggs' },
  },
  invalid: {
    key: 'broken@example',
    record: { email_address: 'broken@example', status: 'subscribed' },
    message: 'Please provide a valid email address.',
  },
  deletion: {
    remove: (emulator, id) =>
      void emulator.store.upsert(emulator.store.members.get(id)!.email_address, { status: 'archived' }),
    seen: { field: 'status', value: 'archived' },
  },
});
