import { stringify } from 'csv-stringify/sync';
import type { AppRepository, AuditHistory, FlowRepository, StoredAuditEntry } from './repositories.ts';
import {
  auditActionInWords,
  auditActorInWords,
  auditKindOf,
  auditKinds,
  type AuditEntryView,
  type AuditFilter,
} from '../contract/audit.ts';
import { clipped } from '../contract/text-rules.ts';
import type { Clock } from '../ports.ts';

/** An export stops here: years of a busy office's log, far beyond what a spreadsheet is read for. */
const maxExportRows = 100_000;

/**
 * The audit log as people read it (issue 14, item 17): newest first, filtered by kind,
 * text and dates, each entry in words with what it was done to; and the same as CSV.
 */
export function createAuditService(options: {
  readonly audit: AuditHistory;
  readonly apps: Pick<AppRepository, 'get' | 'list'>;
  readonly flows: Pick<FlowRepository, 'get' | 'list'>;
  readonly clock: Clock;
}) {
  const { audit, apps, flows } = options;

  const query = (filter: AuditFilter) => ({
    ...(filter.kind ? { actions: auditKinds[filter.kind].actions } : {}),
    ...(filter.text ? { text: filter.text, textSubjects: namedWith(filter.text) } : {}),
    ...(filter.since ? { since: new Date(filter.since).toISOString() } : {}),
    ...(filter.until ? { until: new Date(filter.until).toISOString() } : {}),
  });

  /** Apps and flows whose name holds the text: entries name them by id, people by name. */
  function namedWith(text: string): string[] {
    const wanted = text.toLowerCase();
    return [...apps.list(), ...flows.list()]
      .filter((item) => item.name.toLowerCase().includes(wanted))
      .map((item) => item.id);
  }

  /** A name for what the entry is about: the app or flow as it is called now, or as it was. */
  function subjectOf(entry: StoredAuditEntry): string | null {
    if (entry.subject === null) return null;
    const named = detailName(entry.detail);
    if (entry.action.startsWith('app.') || entry.action.startsWith('credential.'))
      return apps.get(entry.subject)?.name ?? named ?? entry.subject;
    if (entry.action.startsWith('flow.')) return flows.get(entry.subject)?.name ?? named ?? entry.subject;
    return entry.subject;
  }

  function view(entry: StoredAuditEntry): AuditEntryView {
    return {
      id: entry.id,
      at: entry.at,
      actor: auditActorInWords(entry.actor),
      action: entry.action,
      summary: auditActionInWords(entry.action),
      kind: auditKindOf(entry.action),
      subject: subjectOf(entry),
      details: detailLines(entry.detail),
    };
  }

  return {
    list(filter: AuditFilter, page: { limit: number; offset: number }) {
      const found = audit.list(query(filter), page);
      return { items: found.items.map(view), total: found.total };
    },

    /** The filtered log as CSV (newest first), cells that a spreadsheet would run as formulas escaped. */
    export(filter: AuditFilter) {
      const { items } = audit.list(query(filter), { limit: maxExportRows, offset: 0 });
      const rows = items.map(view);
      const csv = stringify(
        rows.map((e) => [e.at, e.actor, e.summary, e.subject ?? '', e.details.join('; '), e.action]),
        {
          header: true,
          columns: ['When (UTC)', 'Who', 'What', 'About', 'Details', 'Action'],
          // A cell starting with = + - @ would run as a formula in a spreadsheet (OWASP CSV injection).
          escape_formulas: true,
        },
      );
      const day = options.clock.now().toISOString().slice(0, 10);
      return { fileName: `patchbay-audit-${day}.csv`, csv, rows: rows.length };
    },
  };
}

function detailName(detail: unknown): string | undefined {
  if (detail && typeof detail === 'object' && 'name' in detail && typeof detail.name === 'string')
    return detail.name;
  return undefined;
}

/** The detail JSON as "field: value" lines, each clipped so one entry never fills the screen. */
export function detailLines(detail: unknown): string[] {
  if (detail === undefined || detail === null) return [];
  if (typeof detail !== 'object' || Array.isArray(detail)) return [valueInWords(detail, 200)];
  return Object.entries(detail).map(([key, value]) => {
    if (isChange(value)) return `${key}: ${valueInWords(value.from, 90)} → ${valueInWords(value.to, 90)}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      return `${key}: ${Object.entries(value)
        .map(([k, v]) => `${k} = ${valueInWords(v, 120)}`)
        .join(', ')}`;
    return `${key}: ${valueInWords(value, 200)}`;
  });
}

const isChange = (value: unknown): value is { from: unknown; to: unknown } =>
  value !== null && typeof value === 'object' && Object.keys(value).sort().join() === 'from,to';

function valueInWords(value: unknown, max: number): string {
  if (Array.isArray(value))
    return clipped(value.map((v) => valueInWords(v, max)).join(', ') || '(none)', max);
  return clipped(typeof value === 'string' ? value : JSON.stringify(value), max);
}

export type AuditService = ReturnType<typeof createAuditService>;
