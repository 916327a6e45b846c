import { parse as parseYaml } from 'yaml';
import type {
  AuthKind,
  ConnectorOrigin,
  CreateRetry,
  EntityDescription,
} from '../../../../core/contract/connectors.ts';

// The catalogue in words, and a manifest's text read as the CLI reads a file
// (core/host/cli/workspace-file-format.ts): pure, so it is tested beside this file.

export const originWords: Record<ConnectorOrigin, string> = {
  'built-in': 'Built in',
  installed: 'Installed',
};

export const authWords: Record<AuthKind, string> = {
  none: 'No sign-in',
  api_key: 'An API key',
  bearer: 'A bearer token',
  basic: 'A user name and password',
  oauth2: 'OAuth 2.0, signing in through the browser',
};

/** Whether a create whose answer was lost is sent again without making a duplicate, and how. */
export const createRetryWords: Record<CreateRetry, { safe: boolean; short: string; why: string }> = {
  upsert: {
    safe: true,
    short: 'Retried safely',
    why: 'Written by match key (upsert): a repeat updates the same record.',
  },
  lookup: {
    safe: true,
    short: 'Retried safely',
    why: 'Looked up by its match key before it is sent again.',
  },
  'idempotency-key': {
    safe: true,
    short: 'Retried safely if the key gets through',
    why: 'Sent again with the same idempotency key, which the app answers from its first try.',
  },
  limited: {
    safe: false,
    short: 'Not retried',
    why: 'No idempotency key and no lookup: it waits in the failure queue for you to check the app.',
  },
};

/** What a connector can do with an entity, in the order a sync uses them. */
export function operationsOf(entity: EntityDescription): string[] {
  const can: [boolean, string][] = [
    [entity.canList, 'read'],
    [entity.canGet, 'get by id'],
    [entity.canLookup, 'look up'],
    [entity.canCreate, 'create'],
    [entity.canUpdate, 'update'],
    [entity.canBatchUpsert, 'upsert in batches'],
    [entity.canDelete, 'delete'],
  ];
  return can.filter(([yes]) => yes).map(([, word]) => word);
}

/** A field path as the list of problems shows it; the manifest as a whole has none. */
export const fieldWords = (field: string) =>
  field === '' || field === '(manifest)' ? 'the manifest as a whole' : field;

/** The most a manifest may weigh, as `patchbay connector add` allows. */
export const manifestByteLimit = 1024 * 1024;

export type ManifestText = { manifest: unknown } | { problem: string };

/**
 * The manifest in a text typed, pasted or read from a file: JSON, or YAML for a file
 * named .yaml/.yml or a text that does not start like JSON. Text that is neither, or
 * YAML that is only a word or a number, gets a plain message; everything else is the
 * core's to check, field by field.
 */
export function parseManifestText(text: string, fileName?: string): ManifestText {
  // Windows Notepad saves UTF-8 with a byte-order mark, which JSON.parse refuses.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') return { problem: 'Paste a connector manifest, or open its file, first.' };
  if (new TextEncoder().encode(body).length > manifestByteLimit)
    return { problem: 'This is larger than 1 MB; a connector manifest is a few kilobytes.' };
  const yaml = fileName ? /\.ya?ml$/i.test(fileName) : !/^\s*[[{]/.test(body);
  const firstLine = (error: unknown) => (error instanceof Error ? error.message.split('\n')[0] : '');
  if (!yaml) {
    try {
      return { manifest: JSON.parse(body) as unknown };
    } catch (error) {
      return { problem: `This is not valid JSON (${firstLine(error)}). Nothing was checked.` };
    }
  }
  let manifest: unknown;
  try {
    manifest = parseYaml(body) as unknown;
  } catch (error) {
    return { problem: `This is neither JSON nor YAML (${firstLine(error)}). Nothing was checked.` };
  }
  if (manifest === null || typeof manifest !== 'object')
    return {
      problem:
        'This is not JSON, and not a YAML manifest either: a manifest is an object with an id, a name, a version, a baseUrl and entities (see docs/connectors.md).',
    };
  return { manifest };
}
