import { expect } from 'vitest';
import hubspot from '../presets/hubspot.json' with { type: 'json' };
import { ManifestError, parseManifest } from './manifest-schema.ts';

/** A deep copy of the HubSpot preset with one change made by `edit`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests edit raw manifest JSON freely
export type Edit = (manifest: any) => void;

export function hubspotWith(edit: Edit): unknown {
  const copy = structuredClone(hubspot);
  edit(copy);
  return copy;
}

export function refusal(input: unknown): ManifestError {
  try {
    parseManifest(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return error as ManifestError;
  }
  throw new Error('The manifest was accepted.');
}
