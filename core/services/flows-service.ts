import { ApiError } from '../contract/errors.ts';
import type { App } from '../contract/apps.ts';
import type { Flow, ParsedFlowInput } from '../contract/flows.ts';
import type { Manifest } from '../connectors/manifest/manifest-schema.ts';
import { parseSchedule, ScheduleError } from '../scheduler/schedule-spec.ts';
import type { SqliteAppRepository } from '../storage/app-repository.ts';
import type { SqliteAuditLog } from '../storage/audit-repository.ts';
import type { SqliteFlowRepository } from '../storage/flow-repository.ts';
import type { Db } from '../storage/open-database.ts';
import type { Clock, NewId } from './ports.ts';

export interface FlowsServiceOptions {
  readonly db: Db;
  readonly flows: SqliteFlowRepository;
  readonly apps: SqliteAppRepository;
  readonly audit: SqliteAuditLog;
  readonly clock: Clock;
  readonly newId: NewId;
  readonly presets: ReadonlyMap<string, Manifest>;
}

/** Flows as configuration: the rules that need the inventory (apps exist, entities exist). */
export function createFlowsService(options: FlowsServiceOptions) {
  const { db, flows, apps, audit, clock, newId } = options;

  function mustFind(idOrName: string): Flow {
    const flow = flows.find(idOrName);
    if (!flow) throw new ApiError('not_found', `There is no flow called "${idOrName}".`, { field: 'id' });
    return flow;
  }

  /** The input with each entity named as its connector names it ("Contacts" → "contacts"). */
  function checkApps(input: ParsedFlowInput): ParsedFlowInput {
    const checked = { ...input };
    for (const side of ['source', 'target'] as const) {
      const app = apps.get(input[`${side}AppId`]);
      if (!app)
        throw new ApiError('invalid_input', `The ${side} app is not in the inventory.`, {
          field: `${side}AppId`,
        });
      checked[`${side}Entity`] = checkEntity(app, side, input[`${side}Entity`]);
    }
    if (
      input.sourceAppId === input.targetAppId &&
      input.sourceEntity.toLowerCase() === input.targetEntity.toLowerCase()
    ) {
      throw new ApiError(
        'invalid_input',
        'A flow cannot copy records onto themselves: choose another target.',
        {
          field: 'targetEntity',
        },
      );
    }
    return checked;
  }

  // An app without a connector yet may be planned on paper; one with a connector must
  // offer the entity, readable at the source and writable at the target.
  function checkEntity(app: App, side: 'source' | 'target', entity: string): string {
    const manifest = app.connector ? options.presets.get(app.connector.preset) : undefined;
    if (!manifest) return entity;
    const key = Object.keys(manifest.entities).find((k) => k.toLowerCase() === entity.toLowerCase());
    const spec = key === undefined ? undefined : manifest.entities[key];
    const field = `${side}Entity`;
    if (!spec) {
      const known = Object.keys(manifest.entities).join(', ');
      throw new ApiError(
        'invalid_input',
        `${app.name} has no "${entity}" to ${side === 'source' ? 'read' : 'write'}. It offers: ${known}.`,
        { field },
      );
    }
    if (side === 'target' && !spec.write)
      throw new ApiError('invalid_input', `Patchbay can read ${app.name}'s ${entity} but not write them.`, {
        field,
      });
    return key!;
  }

  function checkSchedule(input: ParsedFlowInput): void {
    if (!input.schedule) return;
    try {
      parseSchedule(input.schedule);
    } catch (error) {
      if (error instanceof ScheduleError)
        throw new ApiError('invalid_input', error.message, { field: 'schedule' });
      throw error;
    }
  }

  function save(id: string, input: ParsedFlowInput, action: 'flow.create' | 'flow.update'): Flow {
    const at = clock.now().toISOString();
    db.transaction(() => {
      const checked = checkApps(input);
      checkSchedule(checked);
      if (action === 'flow.create') flows.insert(id, checked, at);
      else flows.update(id, checked, at);
      audit.append({ at, actor: 'user', action, subject: id, detail: { name: input.name } });
    }).immediate();
    return flows.get(id)!;
  }

  return {
    list: (): Flow[] => flows.list(),
    get: (idOrName: string): Flow => mustFind(idOrName),
    create: (input: ParsedFlowInput): Flow => save(newId(), input, 'flow.create'),
    update: (id: string, input: ParsedFlowInput): Flow => save(mustFind(id).id, input, 'flow.update'),
    /** Pauses (or resumes) a flow's schedule; "Sync now" still works. */
    setEnabled(idOrName: string, enabled: boolean): Flow {
      const flow = mustFind(idOrName);
      const at = clock.now().toISOString();
      db.transaction(() => {
        flows.setEnabled(flow.id, enabled, at);
        audit.append({ at, actor: 'user', action: enabled ? 'flow.resume' : 'flow.pause', subject: flow.id });
      }).immediate();
      return flows.get(flow.id)!;
    },
    delete(id: string): { id: string } {
      const flow = mustFind(id);
      const at = clock.now().toISOString();
      db.transaction(() => {
        flows.delete(flow.id);
        audit.append({
          at,
          actor: 'user',
          action: 'flow.delete',
          subject: flow.id,
          detail: { name: flow.name },
        });
      }).immediate();
      return { id: flow.id };
    },
  };
}

export type FlowsService = ReturnType<typeof createFlowsService>;
