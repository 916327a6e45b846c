import type { ConnectorCheck, ConnectorSummary, CreateRetry } from '../../contract/connectors.ts';
import { expectPositionals, parseCommandArgs, pickSubcommand } from './cli-args.ts';
import { call, CommandFailure, runCommand, withWorkspace } from './cli-session.ts';
import { formatTable } from './cli-text.ts';
import { readLimitedText } from './read-limited-text.ts';
import { formatOfFileName, parseDataText } from './workspace-file-format.ts';

export const connectorUsage = `Usage:
  patchbay connector list [--workspace DIR]         Every connector: built in or installed, version, entities
  patchbay connector show ID [--workspace DIR]      A connector's entities, where it connects, and whether a lost create is sent again safely
  patchbay connector add FILE [--workspace DIR]     Install a connector manifest (JSON or YAML) into the workspace, or update it to a newer version
  patchbay connector remove ID [--workspace DIR]    Remove an installed connector (refused while an app uses it)
  patchbay connector check FILE                     Check a manifest without installing it: exit 0 when valid, 1 with its problems

A connector manifest describes a REST API as data (docs/connectors.md); it never runs code.
Installed connectors live in the workspace, so an exported workspace carries them.`;

/** The most a manifest file may weigh: the largest real one is a few kilobytes. */
const manifestFileLimit = { bytes: 1024 * 1024, what: 'a connector manifest' };

/** `patchbay connector list|show|add|remove|check`. */
export function runConnectorCommand(args: readonly string[]): Promise<number> {
  return runCommand(connectorUsage, () => {
    if (args.includes('--help') || args.includes('-h')) {
      console.log(connectorUsage);
      return Promise.resolve(0);
    }
    const { run, rest } = pickSubcommand('connector', args, {
      list: listConnectors,
      show: showConnector,
      add: addConnector,
      remove: removeConnector,
      check: checkConnector,
    });
    return run(rest);
  });
}

// Whether a create whose answer was lost can be sent again without making a duplicate, and why.
const createRetryWords: Record<CreateRetry, [string, string]> = {
  upsert: ['safe', 'Written by match key (upsert): a repeat updates the same record.'],
  lookup: ['safe', 'A create whose answer was lost is looked up by its match key before it is sent again.'],
  'idempotency-key': [
    'safe if the key gets through',
    'Sent again with the same idempotency key, which the app replays (a proxy that strips the key defeats it).',
  ],
  limited: [
    'limited',
    'No idempotency key and no lookup: a create whose answer was lost is not sent again; the record waits in the failure queue for you to check.',
  ],
};

function operationsOf(entity: ConnectorSummary['entities'][number]): string {
  const can = [
    entity.canList && 'read',
    entity.canGet && 'get by id',
    entity.canLookup && 'look up',
    entity.canCreate && 'create',
    entity.canUpdate && 'update',
    entity.canBatchUpsert && 'upsert in batches',
    entity.canDelete && 'delete',
  ].filter(Boolean);
  return can.join(', ');
}

async function listConnectors(args: readonly string[]): Promise<number> {
  expectPositionals(parseCommandArgs(args, {}).positionals, []);
  return withWorkspace(args, async (core) => {
    const connectors = await call(core, 'connectors.list', {});
    const rows = connectors.map((c) => [
      c.id,
      c.name,
      c.origin,
      c.version,
      c.entities.map((e) => e.name).join(', '),
    ]);
    console.log(formatTable(['Id', 'Name', 'Origin', 'Version', 'Entities'], rows));
    return 0;
  });
}

function printConnector(connector: ConnectorSummary, hosts: readonly string[]): void {
  console.log(`${connector.name} (${connector.id}), version ${connector.version}, ${connector.origin}`);
  console.log(`From: ${connector.source}`);
  console.log(`Talks to: ${hosts.join(', ')}; signs in with: ${connector.auth}`);
  console.log(`Settings: ${connector.settings.map(settingWords).join('; ')}\n`);
  const rows = connector.entities.map((entity) => {
    const [safe, why] = entity.createRetry ? createRetryWords[entity.createRetry] : ['read only', ''];
    return [entity.name, entity.label, safe, why];
  });
  console.log(formatTable(['Entity', 'Label', 'Create retries', 'Why'], rows));
  for (const entity of connector.entities) console.log(`${entity.name} can: ${operationsOf(entity)}.`);
}

/** A setting as a line of `connector show`: `shop (Shop name, required)`. */
function settingWords(setting: ConnectorSummary['settings'][number]): string {
  const notes = [
    setting.label,
    setting.required ? 'required' : '',
    setting.default !== undefined ? `default ${setting.default}` : '',
    setting.secret ? "saved in the keychain with 'patchbay secrets set'" : '',
  ].filter(Boolean);
  return `${setting.name} (${notes.join(', ')})`;
}

async function showConnector(args: readonly string[]): Promise<number> {
  const [id] = expectPositionals(parseCommandArgs(args, {}).positionals, ['ID']) as [string];
  return withWorkspace(args, async (core) => {
    const connectors = await call(core, 'connectors.list', {});
    const connector = connectors.find((c) => c.id === id);
    if (!connector)
      throw new CommandFailure(
        `There is no connector "${id}"; Patchbay has ${connectors.map((c) => c.id).join(', ')}.`,
      );
    printConnector(connector, connector.hosts);
    return 0;
  });
}

function readManifest(file: string, unchanged: string): unknown {
  return parseDataText(
    readLimitedText(file, manifestFileLimit, unchanged),
    formatOfFileName(file),
    file,
    unchanged,
  );
}

function printProblems(file: string, check: ConnectorCheck): void {
  console.error(`${file} is not a connector Patchbay can install:`);
  for (const issue of check.issues) console.error(`  ${issue.field}: ${issue.message}`);
}

async function checkConnector(args: readonly string[]): Promise<number> {
  const [file] = expectPositionals(parseCommandArgs(args, {}).positionals, ['FILE']) as [string];
  const manifest = readManifest(file, 'Nothing was checked.');
  return withWorkspace(args, async (core) => {
    const check = await call(core, 'connectors.check', { manifest, source: file });
    if (!check.valid) {
      printProblems(file, check);
      return 1;
    }
    printConnector(check.connector!, check.hosts);
    for (const warning of check.warnings) console.log(`Warning: ${warning}`);
    console.log(
      `\n${file} is valid (${check.change === 'install' ? 'not installed yet' : check.change === 'update' ? 'a change to the installed one' : 'installed as it is'}).`,
    );
    return 0;
  });
}

async function addConnector(args: readonly string[]): Promise<number> {
  const [file] = expectPositionals(parseCommandArgs(args, {}).positionals, ['FILE']) as [string];
  const manifest = readManifest(file, 'Nothing was installed.');
  return withWorkspace(args, async (core) => {
    const check = await call(core, 'connectors.check', { manifest, source: file });
    if (!check.valid) {
      printProblems(file, check);
      console.error('Nothing was installed.');
      return 1;
    }
    const { connector, change } = await call(core, 'connectors.install', { manifest, source: file });
    const done = { installed: 'Installed', updated: 'Updated', unchanged: 'Already installed, unchanged:' }[
      change
    ];
    console.log(`${done} ${connector.name} (${connector.id}) version ${connector.version}.`);
    console.log(`It sends requests, with the app's credential, only to: ${check.hosts.join(', ')}.`);
    for (const warning of check.warnings) console.log(`Warning: ${warning}`);
    return 0;
  });
}

async function removeConnector(args: readonly string[]): Promise<number> {
  const [id] = expectPositionals(parseCommandArgs(args, {}).positionals, ['ID']) as [string];
  return withWorkspace(args, async (core) => {
    await call(core, 'connectors.remove', { id });
    console.log(`Removed the connector ${id}.`);
    return 0;
  });
}
