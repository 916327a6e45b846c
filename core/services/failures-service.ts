import type { AppRepository, AuditLog, FailureRepository, FlowRepository } from './repositories.ts';
import { entityOf, type ConnectorCatalog } from '../connectors/connector-catalog.ts';
import { recordUrlOf } from '../connectors/manifest/record-url.ts';
import { looksLikeCredential } from '../contract/connection-settings.ts';
import { ApiError } from '../contract/errors.ts';
import type { FailureDetail } from '../contract/failure-actions.ts';
import type { Failure, FailureFilter, Flow } from '../contract/flows.ts';
import { isUnresolved } from '../failures/failure-states.ts';
import { checkEdit, editFields, type EditedValue, type EditTarget } from '../failures/record-edit.ts';
import type { RunResult } from '../engine/run-flow.ts';
import type { Clock } from '../ports.ts';

export interface FailuresServiceOptions {
  readonly flows: FlowRepository;
  readonly apps: AppRepository;
  readonly failures: FailureRepository;
  readonly catalog: ConnectorCatalog;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** The names kept in Settings, offered first when assigning. */
  readonly people: () => readonly string[];
  /** Runs the retry of one corrected record (the sync service, under the workspace's lease). */
  readonly retryEdited: (failure: Failure, record: Record<string, unknown>) => Promise<RunResult>;
}

/**
 * The failure queue as people work it (issue 14, items 13–15): the list with each
 * record's link into its app, one failure opened with the values to correct, assigning,
 * notes, and the retry with corrected values. Every change is audited.
 */
export function createFailuresService(options: FailuresServiceOptions) {
  const { flows, apps, failures, catalog, audit, clock } = options;
  const now = () => clock.now().toISOString();

  function connectorEntity(appId: string, entity: string) {
    const app = apps.get(appId);
    const entry = app?.connector ? catalog.get(app.connector.connector) : undefined;
    return { app, entity: entry ? entityOf(entry, entity) : undefined };
  }

  /** "Open in HubSpot": the source record's page, where its connector declares one. */
  function withLinks(list: readonly Failure[]): Failure[] {
    const byFlow = new Map<string, ((id: string) => Failure['sourceLink']) | undefined>();
    const linkerOf = (flow: Flow | undefined) => {
      if (!flow) return undefined;
      const { app, entity } = connectorEntity(flow.sourceAppId, flow.sourceEntity);
      const template = entity?.recordUrl;
      if (!app?.connector || !template) return undefined;
      const config = app.connector.config;
      return (id: string) => {
        const url = recordUrlOf(template, { id, config });
        return url ? { url, appName: app.name } : null;
      };
    };
    return list.map((failure) => {
      if (!byFlow.has(failure.flowId)) byFlow.set(failure.flowId, linkerOf(flows.get(failure.flowId)));
      return { ...failure, sourceLink: byFlow.get(failure.flowId)?.(failure.sourceRecordId) ?? null };
    });
  }

  function mustFailure(id: number): Failure {
    const failure = failures.get(id);
    if (!failure) throw new ApiError('not_found', `There is no failure number ${id}.`, { field: 'id' });
    return failure;
  }

  function editTarget(flow: Flow): EditTarget {
    const { app, entity } = connectorEntity(flow.targetAppId, flow.targetEntity);
    return {
      mapping: flow.mapping,
      matchKey: flow.matchKey,
      knownFields: entity?.fields.map((f) => f.name) ?? [],
      targetAppName: app?.name ?? 'The target app',
      targetEntity: flow.targetEntity,
    };
  }

  const earlierEdit = (id: number) => failures.editOf(id) as Record<string, EditedValue>;

  function audited(action: string, ids: readonly number[], detail: unknown) {
    audit.append({ at: now(), actor: 'user', action, subject: `failures ${ids.join(',')}`, detail });
  }

  return {
    withLinks,
    list(filter: FailureFilter) {
      const page = failures.list(filter);
      return { items: withLinks(page.items), total: page.total };
    },

    get(id: number): FailureDetail {
      const [failure] = withLinks([mustFailure(id)]);
      const flow = flows.get(failure!.flowId);
      return {
        failure: failure!,
        flowName: flow?.name ?? null,
        targetAppName: flow ? (apps.get(flow.targetAppId)?.name ?? null) : null,
        targetEntity: flow?.targetEntity ?? null,
        fields: flow ? editFields(editTarget(flow), failure!.payload, earlierEdit(id)) : [],
      };
    },

    assign(ids: number[], assignee: string | null): { changed: number } {
      const changed = failures.assign(ids, assignee, now());
      audited('failures.assign', ids, { assignee });
      return { changed };
    },

    note(ids: number[], note: string): { changed: number } {
      const changed = failures.annotate(ids, note === '' ? null : note, now());
      audited('failures.note', ids, { note });
      return { changed };
    },

    /** Names to offer: the Settings list first, then names used before. */
    people(): { names: string[] } {
      const names = [...options.people()];
      const seen = new Set(names.map((n) => n.toLowerCase()));
      for (const name of failures.assignees())
        if (!seen.has(name.toLowerCase())) {
          seen.add(name.toLowerCase());
          names.push(name);
        }
      return { names };
    },

    /** Checks the corrected values as the target would, keeps them, audits them, and retries. */
    async retryWithEdit(id: number, values: Record<string, EditedValue>): Promise<{ run: RunResult }> {
      const failure = mustFailure(id);
      if (!isUnresolved(failure.state))
        throw new ApiError(
          'conflict',
          `This record was already ${failure.state}; there is nothing to retry.`,
          {
            field: 'id',
          },
        );
      const flow = flows.get(failure.flowId);
      if (!flow)
        throw new ApiError('conflict', 'The flow of this record was deleted; there is nothing to retry.', {
          field: 'id',
        });
      const target = editTarget(flow);
      const checked = checkEdit(target, editFields(target, failure.payload, earlierEdit(id)), values);
      if ('issues' in checked)
        throw new ApiError('invalid_input', checked.issues[0]!.message, {
          field: checked.issues[0]!.field,
          issues: checked.issues,
        });
      failures.saveEdit(id, { ...earlierEdit(id), ...checked.changed });
      audited('failures.retry-edited', [id], {
        record: failure.sourceRecordId,
        flow: flow.name,
        changed: Object.fromEntries(Object.entries(checked.changed).map(([k, v]) => [k, keepable(v)])),
      });
      return { run: await options.retryEdited(failure, checked.record) };
    },
  };
}

/** A value that looks like a key or password is not kept in the audit log, even typed into a record. */
function keepable(value: EditedValue): EditedValue {
  return typeof value === 'string' && looksLikeCredential(value) ? '(looks like a key: not kept)' : value;
}

export type FailuresService = ReturnType<typeof createFailuresService>;
