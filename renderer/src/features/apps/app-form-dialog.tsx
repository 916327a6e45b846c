import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  appCategories,
  appInputSchema,
  criticalities,
  entityInputSchema,
  type App,
} from '../../../../core/contract/apps.ts';
import {
  errorMessage,
  fieldErrorsFromApi,
  fieldErrorsFromZod,
  type FieldErrors,
} from '../../lib/field-errors.ts';
import { useCreateApp, useUpdateApp } from '../../queries/apps-queries.ts';
import { useSaveCredential } from '../../queries/app-page-queries.ts';
import { DraftConnectionTest } from './connection-test.tsx';
import { ConnectorPicker } from './connector-picker.tsx';
import { ConnectorSettingsFields, settingField } from './connector-settings-fields.tsx';
import type { ConnectorSummary } from '../../../../core/contract/connectors.ts';
import { categoryLabels, criticalityLabels } from './labels.ts';
import { FieldError, FormField, SelectField, TextField } from '../../components/form-field.tsx';
import { ModalDialog } from '../../components/modal-dialog.tsx';
import { connectorsQueries } from '../../queries/connectors-queries.ts';
import { parsePlainly } from '../../../../core/contract/plain-issue.ts';

/** The contract's rule for each field: the form kit shows its limits and its refusals at the field. */
const appFields = appInputSchema.shape;

interface Draft {
  name: string;
  vendor: string;
  category: string;
  owner: string;
  criticality: string;
  notes: string;
  entities: { key: number; name: string; systemOfRecord: boolean }[];
  /** A connector id from the catalogue, or '' for an app listed in the inventory only. */
  connector: string;
  /** The connection settings, by name, as typed (the connector's declared ones). */
  settings: Record<string, string>;
  /** The credential typed here, for the keychain; never part of the app. */
  secret: string;
}

// The fields this form shows a message beside; anything else goes to the banner on top.
const shownFields =
  /^(name|vendor|category|owner|criticality|notes|connector|connector\..*|entities|entities\.\d+\.(name|systemOfRecord))$/;
const shows = (field: string) => shownFields.test(field);

let nextKey = 1;
const toDraft = (app: App | undefined): Draft => ({
  name: app?.name ?? '',
  vendor: app?.vendor ?? '',
  category: app?.category ?? 'other',
  owner: app?.owner ?? '',
  criticality: app?.criticality ?? 'medium',
  notes: app?.notes ?? '',
  entities: (app?.entities ?? []).map((e) => ({ key: nextKey++, ...e })),
  connector: app?.connector?.connector ?? '',
  settings: { ...app?.connector?.config },
  secret: '',
});

/** What a new app of this connector starts with: each setting's default. */
const defaultsOf = (connector: ConnectorSummary | undefined): Record<string, string> =>
  Object.fromEntries(
    (connector?.settings ?? []).flatMap((s) =>
      !s.secret && s.default !== undefined ? [[s.name, s.default]] : [],
    ),
  );

/** Add or edit an app: validated here with the contract's schema, and again by the core. */
export function AppFormDialog({ app, onClose }: { app?: App; onClose: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(app));
  const [errors, setErrors] = useState<FieldErrors>({});
  const form = useRef<HTMLFormElement>(null);
  // After a refused save, focus goes to the first field to fix (or the banner), so
  // keyboard and screen-reader users start where the problem is.
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"], .error-banner')?.focus();
  }, [errors]);
  const catalog = useQuery(connectorsQueries.list());
  const create = useCreateApp();
  const update = useUpdateApp();
  const saveCredential = useSaveCredential();
  const saving = create.isPending || update.isPending || saveCredential.isPending;
  const chosen = catalog.data?.find((c) => c.id === draft.connector);

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  // A field's message goes once its value changes: it spoke of the old value.
  const clearError = (field: string) =>
    setErrors((current) => {
      if (!(field in current)) return current;
      const { [field]: _gone, ...rest } = current;
      return rest;
    });
  const setEntity = (key: number, patch: Partial<Draft['entities'][number]>) =>
    set({ entities: draft.entities.map((e) => (e.key === key ? { ...e, ...patch } : e)) });

  // The declared settings that have a value. A connector this Patchbay does not know
  // (its catalogue not loaded, or gone) keeps the app's settings as they were.
  function connectorConfig(): Record<string, string> {
    if (!chosen) return app?.connector?.connector === draft.connector ? { ...app.connector.config } : {};
    return Object.fromEntries(
      chosen.settings.flatMap((s) => {
        const value = (draft.settings[s.name] ?? '').trim();
        return s.secret || value === '' ? [] : [[s.name, value]];
      }),
    );
  }

  // Choosing a connector fills what the catalog knows: the name, the settings' defaults, the entities.
  function chooseConnector(id: string) {
    const next = catalog.data?.find((c) => c.id === id);
    set({
      connector: id,
      settings: app?.connector?.connector === id ? { ...app.connector.config } : defaultsOf(next),
      secret: '',
      ...(next && draft.name.trim() === '' ? { name: next.name, vendor: draft.vendor || next.name } : {}),
      ...(next && draft.category === 'other' ? { category: next.category } : {}),
      ...(next && draft.entities.length === 0
        ? { entities: next.entities.map((e) => ({ key: nextKey++, name: e.label, systemOfRecord: false })) }
        : {}),
    });
  }

  /** A required credential left empty on a new app (the core never sees the credential field). */
  function secretProblem(): FieldErrors {
    const setting = chosen?.settings.find((s) => s.secret && s.required);
    if (!setting || app || draft.secret.trim() !== '') return {};
    return { [settingField(setting.name)]: `Enter the ${setting.label}: ${chosen!.name} needs it.` };
  }

  /** After the app is saved: its credential to the keychain, if one was typed. */
  function afterSave(saved: App) {
    const value = draft.secret.trim();
    if (value === '') return onClose();
    saveCredential.mutate(
      { appId: saved.id, value },
      {
        onSuccess: onClose,
        onError: (error) =>
          setErrors({
            form: `${saved.name} was saved, but its credential was not: ${errorMessage(error)} Add it on the app's page.`,
          }),
      },
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parsePlainly(appInputSchema, {
      ...draft,
      entities: draft.entities.map(({ name, systemOfRecord }) => ({ name, systemOfRecord })),
      connector:
        draft.connector === ''
          ? null
          : {
              kind: catalog.data?.find((c) => c.id === draft.connector)?.kind ?? 'rest',
              connector: draft.connector,
              config: connectorConfig(),
            },
    });
    if (!parsed.success) return setErrors({ ...fieldErrorsFromZod(parsed.error, shows), ...secretProblem() });
    const missingSecret = secretProblem();
    if (Object.keys(missingSecret).length > 0) return setErrors(missingSecret);
    setErrors({});
    const options = {
      onSuccess: afterSave,
      onError: (error: unknown) => setErrors(fieldErrorsFromApi(error, shows)),
    };
    if (app) update.mutate({ id: app.id, app: parsed.data }, options);
    else create.mutate(parsed.data, options);
  }

  return (
    <ModalDialog title={app ? `Edit ${app.name}` : 'Add an app'} onClose={onClose} wide>
      <form ref={form} onSubmit={submit} noValidate>
        {errors.form && (
          <p role="alert" className="error-banner" tabIndex={-1}>
            {errors.form}
          </p>
        )}
        <div className="form-grid">
          <ConnectorPicker
            connectors={catalog.data ?? []}
            value={draft.connector}
            error={errors.connector ?? errors['connector.connector']}
            onChange={chooseConnector}
          />
          {chosen && (
            <fieldset className="connection-settings form-grid">
              <legend>Connection to {chosen.name}</legend>
              <ConnectorSettingsFields
                settings={chosen.settings}
                values={draft.settings}
                onChange={(name, value) => {
                  set({ settings: { ...draft.settings, [name]: value } });
                  clearError(settingField(name));
                }}
                secret={draft.secret}
                onSecret={(secret) => {
                  set({ secret });
                  const setting = chosen.settings.find((s) => s.secret);
                  if (setting) clearError(settingField(setting.name));
                }}
                editing={app !== undefined}
                errors={errors}
              />
              <div className="span-6">
                <FieldError id="app-settings-error" message={errors['connector.config']} />
              </div>
              <DraftConnectionTest
                key={JSON.stringify([draft.connector, draft.settings, draft.secret])}
                draft={() => ({
                  name: draft.name.trim() || chosen.name,
                  connector: { kind: chosen.kind, connector: chosen.id, config: connectorConfig() },
                  ...(draft.secret.trim() === '' ? {} : { secret: draft.secret }),
                  ...(app ? { appId: app.id } : {}),
                })}
              />
            </fieldset>
          )}
          <TextField
            id="app-name"
            label="Name"
            className="span-3"
            value={draft.name}
            error={errors.name}
            rules={{ schema: appFields.name, value: draft.name }}
            onChange={(name) => set({ name })}
            required
          />
          <TextField
            id="app-vendor"
            label="Vendor"
            className="span-3"
            value={draft.vendor}
            error={errors.vendor}
            rules={{ schema: appFields.vendor, value: draft.vendor }}
            onChange={(vendor) => set({ vendor })}
          />
          <SelectField
            id="app-category"
            label="Category"
            className="span-2"
            value={draft.category}
            options={appCategories.map((c) => [c, categoryLabels[c]])}
            error={errors.category}
            onChange={(category) => set({ category })}
          />
          <SelectField
            id="app-criticality"
            label="Criticality"
            className="span-2"
            value={draft.criticality}
            options={criticalities.map((c) => [c, criticalityLabels[c]])}
            error={errors.criticality}
            onChange={(criticality) => set({ criticality })}
          />
          <TextField
            id="app-owner"
            label="Owner"
            className="span-2"
            value={draft.owner}
            error={errors.owner}
            rules={{ schema: appFields.owner, value: draft.owner }}
            onChange={(owner) => set({ owner })}
            placeholder="Who looks after it"
          />
          <FormField
            id="app-notes"
            label="Notes"
            className="span-6"
            error={errors.notes}
            rules={{ schema: appFields.notes, value: draft.notes }}
          >
            {(control) => (
              <textarea
                {...control}
                rows={2}
                value={draft.notes}
                onChange={(e) => set({ notes: e.target.value })}
              />
            )}
          </FormField>
        </div>

        <fieldset className="entities">
          <legend>Entities</legend>
          <p className="muted">
            The kinds of data this app holds. Mark it as the system of record where it holds the master copy.
          </p>
          {draft.entities.length === 0 && <p className="muted">No entities yet.</p>}
          <ul>
            {draft.entities.map((entity, index) => (
              <li key={entity.key} className="entity-row">
                <TextField
                  id={`entity-${entity.key}-name`}
                  label="Entity name"
                  value={entity.name}
                  placeholder="Contacts"
                  error={errors[`entities.${index}.name`]}
                  rules={{ schema: entityInputSchema.shape.name, value: entity.name }}
                  onChange={(name) => setEntity(entity.key, { name })}
                />
                <label className="toggle">
                  <input
                    type="checkbox"
                    checked={entity.systemOfRecord}
                    aria-invalid={errors[`entities.${index}.systemOfRecord`] ? true : undefined}
                    aria-describedby={`entity-${entity.key}-error`}
                    onChange={(e) => setEntity(entity.key, { systemOfRecord: e.target.checked })}
                  />
                  System of record
                </label>
                <button
                  type="button"
                  className="button subtle"
                  aria-label={`Remove entity ${entity.name || index + 1}`}
                  onClick={() => set({ entities: draft.entities.filter((e) => e.key !== entity.key) })}
                >
                  Remove
                </button>
                <FieldError
                  id={`entity-${entity.key}-error`}
                  message={errors[`entities.${index}.systemOfRecord`]}
                />
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="button"
            onClick={() =>
              set({ entities: [...draft.entities, { key: nextKey++, name: '', systemOfRecord: false }] })
            }
          >
            Add entity
          </button>
          <FieldError id="entities-error" message={errors.entities} />
        </fieldset>

        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save app'}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
