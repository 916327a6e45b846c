import type { ManifestSource } from '../connector-catalog.ts';
import { parseManifest } from '../manifest/manifest-schema.ts';
import airtable from './airtable.json' with { type: 'json' };
import googleSheets from './google-sheets.json' with { type: 'json' };
import hubspot from './hubspot.json' with { type: 'json' };
import mailchimp from './mailchimp.json' with { type: 'json' };
import pipedrive from './pipedrive.json' with { type: 'json' };
import quickbooks from './quickbooks.json' with { type: 'json' };
import shopify from './shopify.json' with { type: 'json' };
import stripe from './stripe.json' with { type: 'json' };
import xero from './xero.json' with { type: 'json' };
import zendesk from './zendesk.json' with { type: 'json' };

/** The connectors Patchbay ships: each a manifest file, validated once here. */
export const builtInConnectors: readonly ManifestSource[] = [
  { raw: hubspot, file: 'hubspot.json' },
  { raw: stripe, file: 'stripe.json' },
  { raw: pipedrive, file: 'pipedrive.json' },
  { raw: shopify, file: 'shopify.json' },
  { raw: zendesk, file: 'zendesk.json' },
  { raw: mailchimp, file: 'mailchimp.json' },
  { raw: airtable, file: 'airtable.json' },
  { raw: googleSheets, file: 'google-sheets.json' },
  { raw: quickbooks, file: 'quickbooks.json' },
  { raw: xero, file: 'xero.json' },
].map(({ raw, file }) => ({ manifest: parseManifest(raw), source: `core/connectors/presets/${file}` }));
