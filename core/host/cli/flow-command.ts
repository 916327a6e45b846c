import type { Flow } from '../../contract/flows.ts';
import type { MethodOutput } from '../../contract/methods.ts';
import type { Core } from '../core.ts';
import { expectPositionals, parseCommandArgs, pickSubcommand, UsageError } from './cli-args.ts';
import { call, runCommand, withWorkspace } from './cli-session.ts';
import { formatTable, plural } from './cli-text.ts';
import { describeRun, exitCodeOf, withProgressLines } from './run-report.ts';

export const flowUsage = `Usage:
  patchbay flow list [--workspace DIR]
  patchbay flow run FLOW [--dry-run] [--workspace DIR]
  patchbay flow cursor FLOW [--rewind DATE | --reset] [--dry-run] [--workspace DIR]

FLOW is a flow's name or id. "flow run" exits 0 when every record was written, 2 when
some failed (see "patchbay failures list"), 1 when the run failed, 64 when the command
line did not make sense. DATE is ISO 8601,
e.g. 2026-11-01 or 2026-11-01T00:00:00Z.`;

/** `patchbay flow list|run|cursor`. */
export function runFlowCommand(args: readonly string[]): Promise<number> {
  return runCommand(flowUsage, () => {
    const { run, rest } = pickSubcommand('flow', args, { list: listFlows, run: runFlow, cursor: flowCursor });
    return run(rest);
  });
}

async function listFlows(args: readonly string[]): Promise<number> {
  expectPositionals(parseCommandArgs(args, {}).positionals, []);
  return withWorkspace(args, async (core) => {
    const flows = await call(core, 'flows.list', {});
    if (flows.length === 0) {
      console.log('There are no flows yet. Add some with "patchbay workspace import FILE".');
      return 0;
    }
    const appName = new Map((await call(core, 'apps.list', {})).map((app) => [app.id, app.name]));
    const side = (appId: string, entity: string) => `${appName.get(appId) ?? appId} ${entity}`;
    const rows = flows.map((flow) => [
      flow.name,
      `${side(flow.sourceAppId, flow.sourceEntity)} → ${side(flow.targetAppId, flow.targetEntity)}`,
      `${flow.schedule ?? 'manual'}${flow.enabled ? '' : ' (off)'}`,
      flow.pausedReason ?? '',
    ]);
    console.log(formatTable(['Name', 'Source → target', 'Schedule', 'Paused because'], rows));
    return 0;
  });
}

async function runFlow(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { 'dry-run': { type: 'boolean' } });
  const [ref] = expectPositionals(positionals, ['FLOW']) as [string];
  return withWorkspace(args, async (core) => {
    const flow = await call(core, 'flows.get', { id: ref });
    if (values['dry-run']) {
      printDryRun(flow.name, await call(core, 'flows.dryRun', { id: flow.id }));
      return 0;
    }
    if (flow.pausedReason) {
      console.error(`${flow.name} is paused: ${flow.pausedReason}`);
      await printCredentialHints(core, flow);
      return 1;
    }
    console.log(`Running ${flow.name}…`);
    const result = await withProgressLines(core, flow.id, () =>
      call(core, 'flows.run', { id: flow.id, startedFrom: 'cli' }),
    );
    console.log(describeRun(flow.name, result));
    if (result.counts.failed > 0)
      console.log(`See the failed records with: patchbay failures list --flow "${flow.name}"`);
    if (result.status === 'paused')
      console.error(`Nothing was lost: the flow carries on from the last saved page once the limit resets.`);
    if (result.status === 'failed') {
      await printCredentialHints(core, flow);
      console.error(
        `Nothing already saved was lost. Once the problem above is fixed, run it again: ` +
          `patchbay flow run "${flow.name}" carries on from the last saved page.`,
      );
    }
    return exitCodeOf([result.status]);
  });
}

/** The UI's "Reconnect" advice, as the command that does it here, for each app of the flow that refused its sign-in. */
async function printCredentialHints(core: Core, flow: Flow): Promise<void> {
  const refused = (await call(core, 'apps.circuits', {})).filter(
    (circuit) => circuit.kind === 'auth' && [flow.sourceAppId, flow.targetAppId].includes(circuit.appId),
  );
  for (const circuit of refused) {
    const app = await call(core, 'apps.get', { id: circuit.appId });
    console.error(`Save ${app.name}'s credential with: patchbay secrets set "${app.name}" < key.txt`);
  }
}

function printDryRun(flowName: string, report: MethodOutput<'flows.dryRun'>): void {
  console.log(
    `Dry run of ${flowName} (nothing was written): ${report.read} read; would create ${report.wouldCreate}, ` +
      `update ${report.wouldUpdate}, leave ${report.unchanged} unchanged; ${report.wouldFail} would fail.`,
  );
  if (report.samples.length > 0) {
    console.log(`First ${plural(report.samples.length, 'record')} it would write:`);
    for (const sample of report.samples) {
      console.log(`  ${sample.action} from ${sample.sourceId}: ${JSON.stringify(sample.record)}`);
      for (const change of sample.changes ?? [])
        console.log(`    ${change.field}: ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)}`);
    }
  }
  for (const note of report.notes) console.log(`Note: ${note}`);
  if (report.failures.length > 0) {
    console.log('Records that would fail:');
    for (const failure of report.failures) console.log(`  ${failure.sourceId}: ${failure.message}`);
  }
}

async function flowCursor(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    rewind: { type: 'string' },
    reset: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  });
  const [ref] = expectPositionals(positionals, ['FLOW']) as [string];
  if (values.rewind !== undefined && values.reset)
    throw new UsageError('Choose either --rewind DATE or --reset, not both.');
  const to = values.reset
    ? { reset: true as const }
    : values.rewind === undefined
      ? undefined
      : { date: values.rewind };
  if (to === undefined && values['dry-run'])
    throw new UsageError('--dry-run goes with --rewind DATE or --reset.');
  return withWorkspace(args, async (core) => {
    const flow = await call(core, 'flows.get', { id: ref });
    if (to === undefined) return printCursor(core, flow.id, flow.name);
    const dryRun = values['dry-run'] ?? false;
    const moved = await call(core, 'flows.moveCursor', { id: flow.id, to, dryRun });
    console.log(
      dryRun
        ? `Moving the cursor of ${flow.name} to ${moved.cursor} would re-read ${plural(moved.wouldReread ?? 0, 'record')} ` +
            `and write ${moved.wouldWrite ?? 0} of them. Nothing was changed (dry run).`
        : `Moved the cursor of ${flow.name} to ${moved.cursor}; its next run reads from there.`,
    );
    return 0;
  });
}

async function printCursor(core: Core, flowId: string, flowName: string): Promise<number> {
  const { checkpoint } = await call(core, 'flows.cursor', { id: flowId });
  if (!checkpoint) console.log(`${flowName} has not run yet: its first run reads everything.`);
  else
    console.log(
      `${flowName} reads changes since ${checkpoint.cursor}` +
        (checkpoint.page ? ' (a pass is under way; the next run continues it).' : '.'),
    );
  return 0;
}
