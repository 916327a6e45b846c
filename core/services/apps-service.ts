import type { AppRepository, AuditLog, InTransaction } from './repositories.ts';
import { ApiError } from '../contract/errors.ts';
import type { App, appInputSchema, Connector } from '../contract/apps.ts';
import type { FieldIssue } from '../contract/errors.ts';
import type { EventPayload } from '../contract/methods.ts';
import type { ConnectorCatalog } from '../connectors/connector-catalog.ts';

import type { Clock, NewId } from '../ports.ts';
import type { z } from 'zod';

type ParsedAppInput = z.output<typeof appInputSchema>;

export interface AppsServiceOptions {
  /** One transaction that writes: each change with its audit line, all or nothing. */
  readonly transaction: InTransaction;
  readonly apps: AppRepository;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly newId: NewId;
  readonly emit: (payload: EventPayload<'apps.changed'>) => void;
  /** The connector catalogue: an app names a connector in it, or none. */
  readonly catalog: Pick<ConnectorCatalog, 'get' | 'list'>;
  /** Removes a deleted app's credential from the keychain; never throws (it logs). */
  readonly forgetCredential?: (appId: string) => Promise<void>;
  /** What is wrong with a connector's settings against what it declares (connector-settings.ts). */
  readonly settingsProblems?: (connector: Connector) => FieldIssue[];
}

/** The app inventory's use cases: rules that span rows live here, not in the UI. */
export function createAppsService(options: AppsServiceOptions) {
  const { transaction, apps, audit, clock, newId, emit } = options;

  function mustGet(id: string): App {
    const app = apps.get(id);
    if (!app)
      throw new ApiError('not_found', 'That app is no longer in the inventory. It may have been deleted.', {
        field: 'id',
      });
    return app;
  }

  function checkRules(input: ParsedAppInput, appId: string | undefined): void {
    const settingIssues = input.connector ? (options.settingsProblems?.(input.connector) ?? []) : [];
    if (settingIssues.length > 0) {
      const [first] = settingIssues;
      throw new ApiError('invalid_input', first!.message, { field: first!.field, issues: settingIssues });
    }
    const sameName = apps.findIdByName(input.name);
    if (sameName !== undefined && sameName !== appId) {
      throw new ApiError(
        'conflict',
        `An app called "${input.name}" is already in the inventory. Choose another name.`,
        {
          field: 'name',
        },
      );
    }
    const connectorId = input.connector?.connector;
    if (connectorId !== undefined && !options.catalog.get(connectorId)) {
      const known = options.catalog
        .list()
        .map((entry) => `${entry.name} (${entry.id})`)
        .join(', ');
      throw new ApiError(
        'invalid_input',
        `There is no connector called "${connectorId}" in the catalogue. Choose one of: ${known}, or install it under Connectors first.`,
        { field: 'connector.connector' },
      );
    }
    input.entities.forEach((entity, index) => {
      if (!entity.systemOfRecord) return;
      const holder = apps.systemOfRecordHolder(entity.name);
      if (holder && holder.appId !== appId) {
        throw new ApiError(
          'conflict',
          `${holder.appName} is already the system of record for ${entity.name}. Turn it off there first.`,
          { field: `entities.${index}.systemOfRecord` },
        );
      }
    });
  }

  /** One transaction: rules, row, entities and the audit line together, then the event. */
  function save(id: string, input: ParsedAppInput, change: 'created' | 'updated'): App {
    const now = clock.now().toISOString();
    transaction(() => {
      if (change === 'updated') mustGet(id);
      checkRules(input, change === 'updated' ? id : undefined);
      const { entities, ...fields } = input;
      if (change === 'created') apps.insert({ id, ...fields, createdAt: now, updatedAt: now });
      else apps.update({ id, ...fields, updatedAt: now });
      apps.replaceEntities(id, entities);
      audit.append({
        at: now,
        actor: 'user',
        action: change === 'created' ? 'app.create' : 'app.update',
        subject: id,
        detail: { name: input.name },
      });
    });
    emit({ id, change });
    return mustGet(id);
  }

  return {
    list: (): App[] => apps.list(),

    get: (id: string): App => mustGet(id),

    create: (input: ParsedAppInput): App => save(newId(), input, 'created'),

    update: (id: string, input: ParsedAppInput): App => save(id, input, 'updated'),

    /** Keeps values a sign-in named (QuickBooks' company id) with the app's connection settings. */
    keepConnectionValues(id: string, values: Record<string, string>): void {
      const { id: _, createdAt: _c, updatedAt: _u, ...input } = mustGet(id);
      if (!input.connector) return;
      save(
        id,
        { ...input, connector: { ...input.connector, config: { ...input.connector.config, ...values } } },
        'updated',
      );
    },

    /** Deletes an app no flow uses; its credential goes with it. */
    async delete(id: string): Promise<{ id: string }> {
      const now = clock.now().toISOString();
      transaction(() => {
        const app = mustGet(id);
        const flows = apps.flowCount(id);
        if (flows > 0) {
          throw new ApiError(
            'conflict',
            `${app.name} is used by ${flows} flow${flows === 1 ? '' : 's'}. Delete or change ${flows === 1 ? 'it' : 'them'} first.`,
            { field: 'id' },
          );
        }
        apps.delete(id);
        audit.append({
          at: now,
          actor: 'user',
          action: 'app.delete',
          subject: id,
          detail: { name: app.name },
        });
      });
      emit({ id, change: 'deleted' });
      await options.forgetCredential?.(id);
      return { id };
    },
  };
}

export type AppsService = ReturnType<typeof createAppsService>;
