import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { appCategories, appInputSchema, criticalities, type App } from '../../../../core/contract/apps.ts';
import { fieldErrorsFromApi, fieldErrorsFromZod, type FieldErrors } from '../../lib/field-errors.ts';
import { useCreateApp, useUpdateApp } from '../../queries/apps-queries.ts';
import { categoryLabels, criticalityLabels } from './labels.ts';
import { FieldError, FormField, SelectField, TextField } from '../../components/form-field.tsx';
import { ModalDialog } from '../../components/modal-dialog.tsx';
import { connectorsQueries } from '../../queries/connectors-queries.ts';
import { parsePlainly } from '../../../../core/contract/plain-issue.ts';

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
  baseUrl: string;
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
  baseUrl: app?.connector?.config.baseUrl ?? '',
});

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
  const saving = create.isPending || update.isPending;

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const setEntity = (key: number, patch: Partial<Draft['entities'][number]>) =>
    set({ entities: draft.entities.map((e) => (e.key === key ? { ...e, ...patch } : e)) });

  // Settings the form does not show (kept from the app as it was) plus the address.
  function connectorConfig(): Record<string, string> {
    const kept = app?.connector?.connector === draft.connector ? { ...app.connector.config } : {};
    delete kept.baseUrl;
    const baseUrl = draft.baseUrl.trim();
    return baseUrl ? { ...kept, baseUrl } : kept;
  }

  // Choosing a connector fills what the catalog knows: the name, the address, the entities.
  function chooseConnector(id: string) {
    const chosen = catalog.data?.find((c) => c.id === id);
    set({
      connector: id,
      baseUrl: chosen?.baseUrl ?? '',
      ...(chosen && draft.name.trim() === ''
        ? { name: chosen.name, vendor: draft.vendor || chosen.name }
        : {}),
      ...(chosen && draft.entities.length === 0
        ? { entities: chosen.entities.map((e) => ({ key: nextKey++, name: e.label, systemOfRecord: false })) }
        : {}),
    });
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
    if (!parsed.success) return setErrors(fieldErrorsFromZod(parsed.error, shows));
    setErrors({});
    const options = {
      onSuccess: onClose,
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
          <SelectField
            id="app-connector"
            label="Connect through"
            className="span-3"
            value={draft.connector}
            options={[
              ['', 'Nothing yet (list it in the inventory only)'],
              ...(catalog.data ?? []).map((c): [string, string] => [c.id, `${c.name} connector`]),
            ]}
            error={errors.connector ?? errors['connector.connector']}
            onChange={chooseConnector}
          />
          {draft.connector !== '' && (
            <TextField
              id="app-baseUrl"
              label="Address"
              className="span-3"
              value={draft.baseUrl}
              error={errors['connector.config']}
              onChange={(baseUrl) => set({ baseUrl })}
              placeholder="The app's API address"
            />
          )}
          <TextField
            id="app-name"
            label="Name"
            className="span-3"
            value={draft.name}
            error={errors.name}
            onChange={(name) => set({ name })}
            required
          />
          <TextField
            id="app-vendor"
            label="Vendor"
            className="span-3"
            value={draft.vendor}
            error={errors.vendor}
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
            onChange={(owner) => set({ owner })}
            placeholder="Who looks after it"
          />
          <FormField id="app-notes" label="Notes" className="span-6" error={errors.notes}>
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
                <div className="field">
                  <label htmlFor={`entity-${entity.key}-name`}>Entity name</label>
                  <input
                    id={`entity-${entity.key}-name`}
                    value={entity.name}
                    placeholder="Contacts"
                    aria-invalid={errors[`entities.${index}.name`] ? true : undefined}
                    aria-describedby={`entity-${entity.key}-error`}
                    onChange={(e) => setEntity(entity.key, { name: e.target.value })}
                  />
                </div>
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
                  message={errors[`entities.${index}.name`] ?? errors[`entities.${index}.systemOfRecord`]}
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
