import { auditKindNames, type AuditKind } from '../../contract/audit.ts';
import type { MethodInput } from '../../contract/methods.ts';
import { parseCommandArgs, UsageError } from './cli-args.ts';
import { call, runCommand, withWorkspace } from './cli-session.ts';
import { formatTable } from './cli-text.ts';

export const auditUsage = `Usage:
  patchbay audit [--kind KIND] [--text WORDS] [--since DATE] [--until DATE] [--csv] [--workspace DIR]

Who changed what and when, newest first (never a credential's value). KIND is one of
${auditKindNames.join(', ')}. DATE is ISO 8601 (2026-11-01 or
2026-11-01T09:00:00Z); --until is exclusive. --csv writes the entries as CSV to stdout.`;

/** `patchbay audit`: the audit log, as the Audit log view shows and exports it. */
export function runAuditCommand(args: readonly string[]): Promise<number> {
  return runCommand(auditUsage, () => {
    const { values, positionals } = parseCommandArgs(args, {
      kind: { type: 'string' },
      text: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      csv: { type: 'boolean' },
    });
    if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
    const filter: MethodInput<'audit.export'> = {
      ...(values.kind !== undefined ? { kind: values.kind as AuditKind } : {}),
      ...(values.text !== undefined ? { text: values.text } : {}),
      ...(values.since !== undefined ? { since: values.since } : {}),
      ...(values.until !== undefined ? { until: values.until } : {}),
    };
    return withWorkspace(args, async (core) => {
      if (values.csv) {
        process.stdout.write((await call(core, 'audit.export', filter)).csv);
        return 0;
      }
      const page = await call(core, 'audit.list', { ...filter, limit: 500 });
      if (page.total === 0) {
        console.log('No audit entries match.');
        return 0;
      }
      const rows = page.items.map((e) => [e.at, e.actor, e.summary, e.subject ?? '', e.details.join('; ')]);
      console.log(formatTable(['When (UTC)', 'Who', 'What', 'About', 'Details'], rows));
      if (page.total > page.items.length)
        console.log(`Showing the newest ${page.items.length} of ${page.total}; --csv writes them all.`);
      return 0;
    });
  });
}
