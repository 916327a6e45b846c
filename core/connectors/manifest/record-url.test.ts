import { expect, it } from 'vitest';
import { builtInConnectors } from '../presets/index.ts';
import { describeManifestEntity } from './describe-entity.ts';
import { checkManifest } from './manifest-schema.ts';
import { recordUrlOf } from './record-url.ts';

const hubspot = builtInConnectors.find((c) => c.manifest.id === 'hubspot')!.manifest;
const stripe = builtInConnectors.find((c) => c.manifest.id === 'stripe')!.manifest;
const hubspotTemplate = describeManifestEntity(hubspot, 'contacts')!.recordUrl!;

it('links a HubSpot contact and a Stripe customer to their pages in the real apps', () => {
  expect(recordUrlOf(hubspotTemplate, { id: '51', config: { portalId: '4410021' } })).toBe(
    'https://app.hubspot.com/contacts/4410021/record/0-1/51',
  );
  const stripeTemplate = describeManifestEntity(stripe, 'customers')!.recordUrl!;
  expect(recordUrlOf(stripeTemplate, { id: 'cus_Q1', config: {} })).toBe(
    'https://dashboard.stripe.com/customers/cus_Q1',
  );
});

it('gives no link when the template needs a setting the app does not have', () => {
  expect(recordUrlOf(hubspotTemplate, { id: '51', config: {} })).toBeUndefined();
  expect(recordUrlOf(hubspotTemplate, { id: '51', config: { portalId: '' } })).toBeUndefined();
});

it('keeps an id inside its path segment: it cannot change the address', () => {
  const url = recordUrlOf(hubspotTemplate, { id: '../../evil?x=1#y', config: { portalId: '1' } });
  expect(url).toBe('https://app.hubspot.com/contacts/1/record/0-1/..%2F..%2Fevil%3Fx%3D1%23y');
  expect(new URL(url!).host).toBe('app.hubspot.com');
});

it("links to the app's stand-in address (the demo's emulator), keeping the page's path", () => {
  const config = { portalId: '7', baseUrl: 'http://127.0.0.1:4010' };
  expect(recordUrlOf(hubspotTemplate, { id: '3', config })).toBe(
    'http://127.0.0.1:4010/contacts/7/record/0-1/3',
  );
  const prefixed = { portalId: '7', baseUrl: 'https://proxy.example.com/hubspot/' };
  expect(recordUrlOf(hubspotTemplate, { id: '3', config: prefixed })).toBe(
    'https://proxy.example.com/hubspot/contacts/7/record/0-1/3',
  );
});

it('never gives a link that is not https (or http to this PC)', () => {
  expect(recordUrlOf('http://crm.example.com/r/{{id}}', { id: '1', config: {} })).toBeUndefined();
  expect(recordUrlOf('https://crm.example.com/r/{{id}}', { id: '1', config: { baseUrl: 'ftp://x' } })).toBe(
    undefined,
  );
});

it('refuses a manifest whose record address is not a web address', () => {
  const manifest = structuredClone({
    id: 'crm',
    name: 'CRM',
    baseUrl: 'https://api.crm.example.com',
    auth: { type: 'bearer' },
    entities: { people: { recordUrl: 'javascript:alert({{id}})' } },
  });
  expect(checkManifest(manifest)).toEqual({
    issues: [{ path: 'entities.people.recordUrl', message: 'A record address starts with https://.' }],
  });
  manifest.entities.people.recordUrl = 'https://crm.example.com/people/{{id}}';
  expect(checkManifest(manifest)).toHaveProperty('manifest');
});
