import type { AppRepository, CredentialRecord, CredentialRepository } from './repositories.ts';
import type { App } from '../contract/apps.ts';
import type { CheckOutcome } from '../contract/connections.ts';
import {
  type CredentialDraftTest,
  type CredentialHealth,
  type CredentialKind,
  type CredentialStatus,
} from '../contract/credentials.ts';
import { ApiError } from '../contract/errors.ts';
import type { Connector } from '../connectors/connector.ts';
import { signsInThroughBrowser, type ConnectorCatalog } from '../connectors/connector-catalog.ts';
import { toSyncError } from '../reliability/sync-error-policy.ts';
import { credentialKindOf } from '../secrets/credential-facts.ts';
import { KeychainUnavailableError, secretAccount, type SecretStore } from '../secrets/secret-store.ts';
import { withKeychain } from './secrets-service.ts';

import type { Clock } from '../ports.ts';

const dayMs = 86_400_000;
/** A credential that ends within this many days is flagged, so there is time to replace it. */
export const expiringSoonDays = 14;

/** The credential health list and the connection test behind Apps → Credentials. */
export function createCredentialsService(options: {
  readonly apps: AppRepository;
  readonly credentials: CredentialRepository;
  readonly secrets: SecretStore;
  readonly catalog: Pick<ConnectorCatalog, 'get'>;
  readonly workspaceName: string;
  readonly clock: Clock;
  readonly rotationReminderDays: () => number;
  /** An app's connector; `forDraft`, one for an app not saved yet, signing in with a secret kept nowhere. */
  readonly connectors: {
    forApp(app: App): Connector;
    forDraft(app: App, secret: () => Promise<string | undefined>): Connector;
  };
  /** Told each connection test's outcome (kept for `apps.connections`). */
  readonly checked?: (appId: string, outcome: CheckOutcome, message: string) => void;
}) {
  const { apps, credentials, secrets, catalog, workspaceName, clock } = options;

  return {
    /** Every app that signs in with something, or has something saved, and how its credential is doing. */
    async list(): Promise<CredentialStatus[]> {
      const saved = new Set(await withKeychain(() => secrets.list()));
      const records = new Map(credentials.list().map((record) => [record.appId, record]));
      const now = clock.now();
      const reminderDays = options.rotationReminderDays();
      return apps.list().flatMap((app) => {
        const kind = credentialKindOf(app, catalog) ?? records.get(app.id)?.kind ?? null;
        const hasSecret = saved.has(secretAccount(workspaceName, app.id));
        const record = records.get(app.id);
        if (kind === null && !hasSecret && !record) return [];
        const { health, message } = credentialHealth({
          appName: app.name,
          kind,
          hasSecret,
          record,
          now,
          reminderDays,
        });
        return [
          {
            appId: app.id,
            appName: app.name,
            kind,
            hasSecret,
            createdAt: record?.createdAt ?? null,
            rotatedAt: record?.rotatedAt ?? null,
            lastUsedAt: record?.lastUsedAt ?? null,
            expiresAt: record?.expiresAt ?? null,
            health,
            message,
          },
        ];
      });
    },

    /**
     * The connector's cheap check call with the saved credential, answered in plain
     * words; its outcome is kept (`checked`), so the inventory shows what is known.
     */
    async test(appIdOrName: string): Promise<{ ok: boolean; message: string }> {
      const app = apps.get(appIdOrName) ?? apps.get(apps.findIdByName(appIdOrName) ?? '');
      if (!app)
        throw new ApiError('not_found', `There is no app called "${appIdOrName}" in the inventory.`, {
          field: 'appId',
        });
      const answer = (outcome: CheckOutcome, message: string) => {
        options.checked?.(app.id, outcome, message);
        return { ok: outcome === 'connected', message };
      };
      return tryConnection(app, () => options.connectors.forApp(app), answer);
    },

    /**
     * "Test the connection" before the app is saved: the same check with the settings and
     * credential as typed. Nothing is kept, not even the outcome (there is no app yet).
     */
    async testDraft(draft: CredentialDraftTest): Promise<{ ok: boolean; message: string }> {
      const saved = draft.appId ? apps.get(draft.appId) : undefined;
      const app: App = {
        id: saved?.id ?? 'draft',
        name: draft.name,
        vendor: '',
        category: 'other',
        owner: '',
        criticality: 'medium',
        notes: '',
        entities: [],
        connector: draft.connector,
        createdAt: '',
        updatedAt: '',
      };
      const entry = catalog.get(draft.connector.connector);
      if (entry && signsInThroughBrowser(entry))
        return {
          ok: false,
          message: `${draft.name} signs in through its own page: save the app, then choose Connect on its page.`,
        };
      const typed = draft.secret?.trim();
      // Editing an app with the credential left empty: its saved one.
      const secret = () =>
        typed
          ? Promise.resolve(typed)
          : saved
            ? secrets.get(secretAccount(workspaceName, saved.id))
            : Promise.resolve(undefined);
      const answer = (outcome: CheckOutcome, message: string) => ({ ok: outcome === 'connected', message });
      return tryConnection(app, () => options.connectors.forDraft(app, secret), answer);
    },
  };

  /** One check call, its outcome in plain words. */
  async function tryConnection(
    app: App,
    connectorOf: () => Connector,
    answer: (outcome: CheckOutcome, message: string) => { ok: boolean; message: string },
  ): Promise<{ ok: boolean; message: string }> {
    try {
      await connectorOf().check();
      return answer('connected', `Connected to ${app.name}.`);
    } catch (error) {
      // A locked keychain says nothing about the app: nothing is kept.
      if (error instanceof KeychainUnavailableError) return { ok: false, message: error.message };
      if (error instanceof ApiError) return answer('failing', error.message);
      const failure = toSyncError(error, app.name);
      if (failure.errorClass === 'network' || failure.errorClass === 'server')
        return answer('unreachable', `${failure.message} ${failure.action}`);
      // Refused by the app itself (it answered 401/403), not stopped before asking.
      if (failure.errorClass !== 'auth' || failure.status === undefined)
        return answer('failing', `${failure.message} ${failure.action}`);
      const noun = nounOf(credentialKindOf(app, catalog));
      const said = failure.detail ? `: ${failure.detail}` : '';
      return answer('refused', `${app.name} refused the ${noun}${said}. ${failure.action}`);
    }
  }
}

export type CredentialsService = ReturnType<typeof createCredentialsService>;

interface HealthInput {
  appName: string;
  kind: CredentialKind | null;
  hasSecret: boolean;
  record: CredentialRecord | undefined;
  now: Date;
  reminderDays: number;
}

/** One state per credential, the most urgent first, with what to do in plain words. */
export function credentialHealth(input: HealthInput): { health: CredentialHealth; message: string } {
  const { appName, kind, hasSecret, record, now, reminderDays } = input;
  const noun = nounOf(kind);
  const subject = `${appName}'s ${noun}`;
  const fix =
    kind === 'oauth2'
      ? `connect ${appName} again (Apps → ${appName})`
      : `save a new one under Apps → ${appName} → Credentials`;
  if (!hasSecret) {
    const saveOne =
      kind === 'oauth2'
        ? `connect it under Apps → ${appName}`
        : `save one under Apps → ${appName} → Credentials`;
    return { health: 'missing', message: `${appName} has no saved ${noun}; ${saveOne}.` };
  }
  if (!record) return { health: 'ok', message: `${appName} has a saved ${noun}.` };
  const expiresAt = record.expiresAt ? new Date(record.expiresAt) : undefined;
  if (expiresAt && expiresAt <= now)
    return { health: 'expired', message: `${subject} expired on ${day(expiresAt)}; ${fix}.` };
  if (record.lastFailedAt && (!record.lastUsedAt || record.lastFailedAt >= record.lastUsedAt))
    return {
      health: 'failing',
      message: `${appName} refused its ${noun} on ${day(new Date(record.lastFailedAt))}; ${fix}.`,
    };
  if (expiresAt && expiresAt.getTime() - now.getTime() <= expiringSoonDays * dayMs) {
    const days = Math.ceil((expiresAt.getTime() - now.getTime()) / dayMs);
    return {
      health: 'expiring_soon',
      message: `${subject} expires in ${plural(days, 'day')} (on ${day(expiresAt)}); ${fix} before then.`,
    };
  }
  // OAuth sign-ins renew themselves; only typed keys and passwords need a reminder.
  const age = Math.floor((now.getTime() - Date.parse(record.rotatedAt ?? record.createdAt)) / dayMs);
  if (kind !== 'oauth2' && age >= reminderDays)
    return {
      health: 'rotation_due',
      message: `${subject} is ${plural(age, 'day')} old; rotate it (reminder after ${plural(reminderDays, 'day')}).`,
    };
  if (!record.lastUsedAt)
    return {
      health: 'never_used',
      message: `${subject} was saved on ${day(new Date(record.rotatedAt ?? record.createdAt))} and has not been used yet; test it to be sure it works.`,
    };
  return { health: 'ok', message: `${subject} last worked on ${day(new Date(record.lastUsedAt))}.` };
}

function nounOf(kind: CredentialKind | null): string {
  switch (kind) {
    case 'api_key':
    case 'bearer':
      return 'key';
    case 'basic':
      return 'password';
    case 'oauth2':
      return 'sign-in';
    case null:
      return 'credential';
  }
}

const day = (date: Date) => date.toISOString().slice(0, 10);
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
