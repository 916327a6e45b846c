import type { MethodInput } from '../../contract/methods.ts';
import { parseCommandArgs, parseFailureIds, pickSubcommand, UsageError } from './cli-args.ts';
import { call, runCommand, withWorkspace } from './cli-session.ts';
import { formatTable, plural } from './cli-text.ts';
import { describeRun, exitCodeOf } from './run-report.ts';

export const failuresUsage = `Usage:
  patchbay failures list [--flow FLOW] [--json] [--workspace DIR]
  patchbay failures retry (--all | --flow FLOW | ID…) [--workspace DIR]
  patchbay failures resolve ID… --note TEXT [--workspace DIR]
  patchbay failures ignore ID… --note TEXT [--workspace DIR]
  patchbay failures assign ID… (--to NAME | --nobody) [--workspace DIR]

"list" shows the failures still waiting (open or needing attention). "retry"
runs them again with the flow's current mapping and exits like "flow run": 0 all
written, 2 some still failing, 1 a retry run failed.`;

/** `patchbay failures list|retry|resolve|ignore`. */
export function runFailuresCommand(args: readonly string[]): Promise<number> {
  return runCommand(failuresUsage, () => {
    const { run, rest } = pickSubcommand('failures', args, {
      list: listFailures,
      retry: retryFailures,
      resolve: (rest: readonly string[]) => closeFailures(rest, 'resolve'),
      ignore: (rest: readonly string[]) => closeFailures(rest, 'ignore'),
      assign: assignFailures,
    });
    return run(rest);
  });
}

async function listFailures(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    flow: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
  return withWorkspace(args, async (core) => {
    const flows = await call(core, 'flows.list', {});
    // The filter takes a flow id; people type names, so resolve it (and say so when it is unknown).
    const flowId =
      values.flow === undefined ? undefined : (await call(core, 'flows.get', { id: values.flow })).id;
    const page = await call(core, 'failures.list', flowId === undefined ? {} : { flowId });
    if (values.json) {
      // Each failure's plain action at the top level too, where a script looks first.
      const items = page.items.map((failure) => ({ ...failure, action: failure.explanation.action }));
      console.log(JSON.stringify({ ...page, items }, null, 2));
      return 0;
    }
    if (page.total === 0) {
      console.log('No failures are waiting.');
      return 0;
    }
    const flowName = new Map(flows.map((flow) => [flow.id, flow.name]));
    const rows = page.items.map((failure) => [
      String(failure.id),
      flowName.get(failure.flowId) ?? failure.flowId,
      failure.sourceRecordId,
      failure.state,
      String(failure.attempts),
      failure.assignee ?? '',
      failure.message,
      failure.explanation.action,
    ]);
    console.log(
      formatTable(['ID', 'Flow', 'Record', 'State', 'Tries', 'Assigned to', 'Problem', 'What to do'], rows),
    );
    if (page.total > page.items.length) console.log(`Showing ${page.items.length} of ${page.total}.`);
    return 0;
  });
}

async function retryFailures(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    all: { type: 'boolean' },
    flow: { type: 'string' },
  });
  const chosen = [values.all === true, values.flow !== undefined, positionals.length > 0].filter(Boolean);
  if (chosen.length !== 1) throw new UsageError('Choose what to retry: --all, --flow FLOW, or failure ids.');
  const selection: MethodInput<'failures.retry'> = values.all
    ? { all: true }
    : values.flow !== undefined
      ? { flowId: values.flow }
      : { ids: parseFailureIds(positionals) };
  return withWorkspace(args, async (core) => {
    const { runs, retried } = await call(core, 'failures.retry', selection);
    if (retried === 0) {
      console.log('There were no waiting failures to retry.');
      return 0;
    }
    console.log(`Retried ${plural(retried, 'failure')}.`);
    for (const run of runs) console.log(describeRun('Retry', run));
    const stillFailing = runs.reduce((sum, run) => sum + run.counts.failed, 0);
    if (stillFailing > 0)
      console.log(`${plural(stillFailing, 'record')} still failed; see them with: patchbay failures list`);
    return exitCodeOf(runs.map((run) => run.status));
  });
}

async function closeFailures(args: readonly string[], verb: 'resolve' | 'ignore'): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { note: { type: 'string' } });
  if (positionals.length === 0)
    throw new UsageError(`Which failures? Give their ids, e.g. "failures ${verb} 12 13".`);
  const ids = parseFailureIds(positionals);
  if (values.note === undefined) throw new UsageError(`Add --note TEXT saying why you ${verb} them.`);
  return withWorkspace(args, async (core) => {
    const { changed } = await call(core, verb === 'resolve' ? 'failures.resolve' : 'failures.ignore', {
      ids,
      note: values.note!,
    });
    const state = verb === 'resolve' ? 'resolved' : 'ignored';
    console.log(`Marked ${plural(changed, 'failure')} ${state}.`);
    if (changed < ids.length)
      console.log(
        `${plural(ids.length - changed, 'id')} did not match a waiting failure and changed nothing.`,
      );
    return 0;
  });
}

async function assignFailures(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    to: { type: 'string' },
    nobody: { type: 'boolean' },
  });
  if (positionals.length === 0)
    throw new UsageError('Which failures? Give their ids, e.g. "failures assign 12 13 --to Priya".');
  if ((values.to === undefined) === (values.nobody !== true))
    throw new UsageError('Say who: --to NAME, or --nobody to take the failures off everyone.');
  const ids = parseFailureIds(positionals);
  return withWorkspace(args, async (core) => {
    const assignee = values.to ?? null;
    const { changed } = await call(core, 'failures.assign', { ids, assignee });
    console.log(
      `Assigned ${plural(changed, 'failure')} to ${assignee === null ? 'nobody' : assignee.trim()}.`,
    );
    if (changed < ids.length) console.log(`${plural(ids.length - changed, 'id')} did not match a failure.`);
    return 0;
  });
}
