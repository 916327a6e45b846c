import type { CreateRetry } from '../../contract/connectors.ts';
import { expectPositionals, parseCommandArgs, pickSubcommand } from './cli-args.ts';
import { call, CommandFailure, runCommand, withWorkspace } from './cli-session.ts';
import { formatTable } from './cli-text.ts';

export const connectorUsage = `Usage:
  patchbay connector show ID [--workspace DIR]   A connector's entities, and whether a lost create is sent again safely

ID is a connector preset's id, such as stripe.`;

/** `patchbay connector show`: read-only, from the same connectors.list every transport uses. */
export function runConnectorCommand(args: readonly string[]): Promise<number> {
  return runCommand(connectorUsage, () => {
    const { run, rest } = pickSubcommand('connector', args, { show: showConnector });
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

async function showConnector(args: readonly string[]): Promise<number> {
  const [id] = expectPositionals(parseCommandArgs(args, {}).positionals, ['ID']) as [string];
  return withWorkspace(args, async (core) => {
    const connectors = await call(core, 'connectors.list', {});
    const connector = connectors.find((c) => c.id === id);
    if (!connector)
      throw new CommandFailure(
        `There is no connector "${id}"; Patchbay has ${connectors.map((c) => c.id).join(', ')}.`,
      );
    console.log(`${connector.name} (${connector.id})`);
    console.log(`Address: ${connector.baseUrl}; signs in with: ${connector.auth}\n`);
    const rows = connector.entities.map((entity) => {
      const [safe, why] = entity.createRetry ? createRetryWords[entity.createRetry] : ['read only', ''];
      return [entity.name, entity.label, safe, why];
    });
    console.log(formatTable(['Entity', 'Label', 'Create retries', 'Why'], rows));
    return 0;
  });
}
