import { parseManifest, type Manifest } from '../manifest/manifest-schema.ts';
import hubspot from './hubspot.json' with { type: 'json' };
import stripe from './stripe.json' with { type: 'json' };

/** The connector catalog: each preset is a manifest file, validated once here. */
export const presets: ReadonlyMap<string, Manifest> = new Map(
  [hubspot, stripe].map((raw) => {
    const manifest = parseManifest(raw);
    return [manifest.id, manifest] as const;
  }),
);
