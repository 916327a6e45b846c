import type { AppRepository, AuditLog, FlowRepository, InTransaction } from './repositories.ts';
import { ApiError } from '../contract/errors.ts';
import type { App } from '../contract/apps.ts';
import type { EntityDescription } from '../contract/connectors.ts';
import type { Flow, ParsedFlowInput } from '../contract/flows.ts';
import type { ConnectorCatalog } from '../connectors/connector-catalog.ts';
import { parseSchedule, ScheduleError } from '../scheduler/schedule-spec.ts';

import type { Clock, NewId } from '../ports.ts';

export interface FlowsServiceOptions {
  /** One transaction that writes: each change with its audit line, all or nothing. */
  readonly transaction: InTransaction;
  readonly flows: FlowRepository;
  readonly apps: AppRepository;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly newId: NewId;
  readonly catalog: Pick<ConnectorCatalog, 'get'>;
  /**
   * The entities an app's own connector offers, for connectors whose entities come from
   * the app (a folder's files, a database's tables) rather than the catalogue; undefined
   * when they are known only once the app is asked (a database's catalogue).
   */
  readonly entitiesOfApp?: (app: App) => readonly EntityDescription[] | undefined;
}

/** Flows as configuration: the rules that need the inventory (apps exist, entities exist). */
export function createFlowsService(options: FlowsServiceOptions) {
  const { transaction, flows, apps, audit, clock, newId } = options;

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
    const connector = app.connector ? options.catalog.get(app.connector.connector) : undefined;
    if (!connector) return entity;
    // A database's tables are known only once the app is asked (apps.entities, a run): a
    // name that is not there is said in words when the flow runs.
    const offered = connector.kind === 'rest' ? connector.entities : options.entitiesOfApp?.(app);
    if (!offered) return entity;
    const found = offered.find((e) => e.name.toLowerCase() === entity.toLowerCase());
    const field = `${side}Entity`;
    if (!found) {
      const known = offered.map((e) => e.name).join(', ');
      throw new ApiError(
        'invalid_input',
        `${app.name} has no "${entity}" to ${side === 'source' ? 'read' : 'write'}. It offers: ${known}.`,
        { field },
      );
    }
    if (side === 'target' && !(found.canCreate || found.canUpdate || found.canBatchUpsert))
      throw new ApiError('invalid_input', `Patchbay can read ${app.name}'s ${entity} but not write them.`, {
        field,
      });
    return found.name;
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

  // Commands take a flow by name (`patchbay flow run NAME`), so a name means one flow.
  function checkName(id: string, input: ParsedFlowInput): void {
    const same = flows.find(input.name);
    if (same && same.id !== id)
      throw new ApiError('conflict', `A flow called "${same.name}" already exists. Choose another name.`, {
        field: 'name',
      });
  }

  function save(id: string, input: ParsedFlowInput, action: 'flow.create' | 'flow.update'): Flow {
    const at = clock.now().toISOString();
    transaction(() => {
      checkName(id, input);
      const checked = checkApps(input);
      checkSchedule(checked);
      if (action === 'flow.create') flows.insert(id, checked, at);
      else flows.update(id, checked, at);
      audit.append({ at, actor: 'user', action, subject: id, detail: { name: input.name } });
    });
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
      transaction(() => {
        flows.setEnabled(flow.id, enabled, at);
        audit.append({ at, actor: 'user', action: enabled ? 'flow.resume' : 'flow.pause', subject: flow.id });
      });
      return flows.get(flow.id)!;
    },
    delete(id: string): { id: string } {
      const flow = mustFind(id);
      const at = clock.now().toISOString();
      transaction(() => {
        flows.delete(flow.id, at);
        audit.append({
          at,
          actor: 'user',
          action: 'flow.delete',
          subject: flow.id,
          detail: { name: flow.name },
        });
      });
      return { id: flow.id };
    },
  };
}

export type FlowsService = ReturnType<typeof createFlowsService>;
