import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { App } from '../../../../core/contract/apps.ts';
import { flowInputSchema, type Flow, type FlowInput } from '../../../../core/contract/flows.ts';
import type { MethodOutput } from '../../../../core/contract/methods.ts';
import { mappingFieldWarnings, type FieldWarning } from '../../../../core/contract/known-fields.ts';
import { parsePlainly } from '../../../../core/contract/plain-issue.ts';
import { SelectField, TextField } from '../../components/form-field.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ViewHeader } from '../../components/view-header.tsx';
import {
  errorMessage,
  fieldErrorsFromApi,
  fieldErrorsFromZod,
  type FieldErrors,
} from '../../lib/field-errors.ts';
import { appsQueries } from '../../queries/apps-queries.ts';
import { connectorsQueries } from '../../queries/connectors-queries.ts';
import { flowsQueries, useCreateFlow, usePreviewFlow, useUpdateFlow } from '../../queries/flows-queries.ts';
import { entityNamed, entityOptions, useAppEntities, type AppEntities } from './app-entities.ts';
import { toDraft, toFlowInput, type FlowDraft } from './flow-draft.ts';
import { FlowPreview } from './flow-preview.tsx';
import { MappingRows } from './mapping-rows.tsx';
import { MatchingFields, ScheduleFields } from './schedule-fields.tsx';

type Connectors = MethodOutput<'connectors.list'>;

// The fields this form shows a message beside; anything else goes to the banner on top.
const shownFields =
  /^(name|sourceAppId|sourceEntity|targetAppId|targetEntity|mapping(\.\d+(\..+)?)?|matchKey|writeMode|deletedAtSource|schedule|catchUp)$/;
const shows = (field: string) => shownFields.test(field);

/** Create (/flows/new) or change (/flows/:flowId/edit) a flow. */
export function FlowEditor() {
  const { flowId } = useParams();
  const flow = useQuery({ ...flowsQueries.detail(flowId ?? ''), enabled: flowId !== undefined });
  const apps = useQuery(appsQueries.list());
  const connectors = useQuery(connectorsQueries.list());
  useDocumentTitle(flowId ? 'Edit flow' : 'Create a flow');
  const failed = [flow, apps, connectors].find((q) => q.isError);
  if (failed)
    return (
      <p role="alert" className="error-banner">
        Could not open the flow: {errorMessage(failed.error)} <Link to="/flows">Back to flows</Link>
      </p>
    );
  if ((flowId && !flow.data) || !apps.data || !connectors.data) return <p role="status">Loading…</p>;
  // Keyed, so the form starts from the flow it edits (the query refreshes it after runs).
  return <FlowForm key={flowId ?? 'new'} flow={flow.data} apps={apps.data} connectors={connectors.data} />;
}

function FlowForm(props: { flow: Flow | undefined; apps: App[]; connectors: Connectors }) {
  const { flow, apps } = props;
  const navigate = useNavigate();
  const [draft, setDraft] = useState<FlowDraft>(() => toDraft(flow));
  const [errors, setErrors] = useState<FieldErrors>({});
  const form = useRef<HTMLFormElement>(null);
  const create = useCreateFlow();
  const update = useUpdateFlow();
  const preview = usePreviewFlow();
  const saving = create.isPending || update.isPending;

  // After a refusal, focus goes to the first field to fix (or the banner).
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"], .error-banner')?.focus();
  }, [errors]);

  const set = (patch: Partial<FlowDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const appName = (id: string) => apps.find((a) => a.id === id)?.name;
  const sourceLabel = describe(appName(draft.sourceAppId), draft.sourceEntity, 'the source');
  const targetLabel = describe(appName(draft.targetAppId), draft.targetEntity, 'the target');
  const appOptions = apps.map((a) => [a.id, a.name] as const);
  const sides = {
    source: useAppEntities(
      apps.find((a) => a.id === draft.sourceAppId),
      props.connectors,
    ),
    target: useAppEntities(
      apps.find((a) => a.id === draft.targetAppId),
      props.connectors,
    ),
  };
  const sourceEntity = entityNamed(sides.source, draft.sourceEntity);
  const targetEntity = entityNamed(sides.target, draft.targetEntity);
  const sampleFields = preview.data?.samples.flatMap((s) => Object.keys(s.source)) ?? [];
  const sourceFields = [...new Set([...(sourceEntity?.fields.map((f) => f.name) ?? []), ...sampleFields])];
  const targetFields = targetEntity?.fields.map((f) => f.name) ?? [];
  // Source fields are judged once sample records show what the source really holds (the
  // record id is a field no list names), or at once when the app itself listed its columns;
  // target fields as soon as the target lists them.
  const sourceColumns = sides.source.fromApp && sourceEntity !== undefined;
  const warnings = fieldWarningsByField(
    mappingFieldWarnings(
      toFlowInput(draft).mapping,
      {
        label: sourceLabel,
        known: preview.data || sourceColumns ? sourceFields : [],
        columns: sourceColumns,
      },
      {
        label: targetLabel,
        known: targetFields,
        onlyListedFields: targetEntity?.onlyListedFields,
        columns: sides.target.fromApp,
      },
    ),
  );

  // An app asked for its tables or files answers later: its only one is then chosen, as
  // for an app whose connector lists them.
  const sourceOnly = onlyOption(sides.source, draft.sourceAppId && !draft.sourceEntity);
  const targetOnly = onlyOption(sides.target, draft.targetAppId && !draft.targetEntity);
  useEffect(() => {
    if (sourceOnly) setDraft((d) => (d.sourceEntity ? d : { ...d, sourceEntity: sourceOnly }));
    if (targetOnly) setDraft((d) => (d.targetEntity ? d : { ...d, targetEntity: targetOnly }));
  }, [sourceOnly, targetOnly]);

  function chooseApp(side: 'source' | 'target', appId: string) {
    const app = apps.find((a) => a.id === appId);
    const connector = app?.connector
      ? props.connectors.find((c) => c.id === app.connector!.connector)
      : undefined;
    const listed = connector
      ? connector.entities.map((e) => e.name)
      : (app?.entities.map((e) => e.name) ?? []);
    set({ [`${side}AppId`]: appId, [`${side}Entity`]: listed.length === 1 ? listed[0]! : '' });
  }

  function checked(input: FlowInput): boolean {
    const parsed = parsePlainly(flowInputSchema, input);
    if (!parsed.success) setErrors(fieldErrorsFromZod(parsed.error, shows));
    else setErrors({});
    return parsed.success;
  }

  function runPreview() {
    // A preview needs no name yet.
    const input = toFlowInput(draft);
    const flowInput = { ...input, name: input.name.trim() || 'Preview' };
    if (!checked(flowInput)) return;
    preview.mutate(
      { flow: flowInput, sampleSize: 5 },
      { onError: (error) => setErrors(withoutFlowPrefix(fieldErrorsFromApi(error, (f) => shows(strip(f))))) },
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const input = toFlowInput(draft);
    if (!checked(input)) return;
    const options = {
      onSuccess: (saved: Flow) => navigate('/flows', { state: { saved: saved.name } }),
      onError: (error: unknown) => setErrors(fieldErrorsFromApi(error, shows)),
    };
    if (flow) update.mutate({ id: flow.id, flow: input }, options);
    else create.mutate(input, options);
  }

  return (
    <section aria-labelledby="view-title" className="flow-editor">
      <ViewHeader
        title={flow ? `Edit ${flow.name}` : 'Create a flow'}
        description="Choose where records come from and where they go, which fields to fill, and when it runs. Preview it on a few real records before saving."
        actions={
          <Link to="/flows" className="button">
            Back to flows
          </Link>
        }
      />
      <form ref={form} onSubmit={submit} noValidate>
        {errors.form && (
          <p role="alert" className="error-banner" tabIndex={-1}>
            {errors.form}
          </p>
        )}
        <fieldset className="flow-section">
          <legend>What to copy</legend>
          <div className="form-grid">
            <TextField
              id="flow-name"
              label="Name"
              className="span-6"
              placeholder="HubSpot contacts to Stripe customers"
              value={draft.name}
              error={errors.name}
              rules={{ schema: flowInputSchema.shape.name, value: draft.name }}
              onChange={(name) => set({ name })}
            />
            {(['source', 'target'] as const).map((side) => (
              <div key={side} className="span-3 side-fields">
                <SelectField
                  id={`flow-${side}AppId`}
                  label={side === 'source' ? 'Copy from app' : 'Copy to app'}
                  value={draft[`${side}AppId`]}
                  placeholder="Choose an app"
                  options={appOptions}
                  error={errors[`${side}AppId`]}
                  onChange={(id) => chooseApp(side, id)}
                />
                <SelectField
                  id={`flow-${side}Entity`}
                  label={side === 'source' ? 'Records to read' : 'Records to write'}
                  value={draft[`${side}Entity`]}
                  placeholder={
                    !draft[`${side}AppId`]
                      ? 'Choose the app first'
                      : sides[side].loading
                        ? `Reading its ${sides[side].noun}…`
                        : 'Choose what to copy'
                  }
                  options={entityOptions(
                    apps.find((a) => a.id === draft[`${side}AppId`]),
                    sides[side],
                    draft[`${side}Entity`],
                  )}
                  hint={
                    <EntitiesStatus
                      entities={sides[side]}
                      appName={appName(draft[`${side}AppId`])}
                      entity={draft[`${side}Entity`]}
                    />
                  }
                  error={errors[`${side}Entity`]}
                  onChange={(entity) => set({ [`${side}Entity`]: entity })}
                />
              </div>
            ))}
          </div>
        </fieldset>

        <MappingRows
          rows={draft.mapping}
          onChange={(mapping) => set({ mapping })}
          errors={errors}
          sourceLabel={sourceLabel}
          targetLabel={targetLabel}
          sourceFields={sourceFields}
          targetFields={targetFields}
          warnings={warnings}
        />

        <div className="preview-actions">
          <button type="button" className="button" disabled={preview.isPending} onClick={runPreview}>
            {preview.isPending ? 'Reading sample records…' : 'Preview with sample records'}
          </button>
          <span className="muted">Reads a few records from {sourceLabel} and writes nothing.</span>
        </div>
        {preview.data && !preview.isPending && (
          <FlowPreview
            samples={preview.data.samples}
            warnings={preview.data.warnings}
            sourceLabel={sourceLabel}
            targetLabel={targetLabel}
          />
        )}

        <MatchingFields
          draft={draft}
          set={set}
          errors={errors}
          targetLabel={targetLabel}
          sourceShowsDeletions={sourceEntity?.showsDeletions === true}
        />
        <ScheduleFields draft={draft} set={set} errors={errors} />

        <div className="dialog-actions">
          <Link to="/flows" className="button">
            Cancel
          </Link>
          <button type="submit" className="button primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save flow'}
          </button>
        </div>
      </form>
    </section>
  );
}

const describe = (app: string | undefined, entity: string, otherwise: string) =>
  app && entity ? `${app} ${entity.toLowerCase()}` : (app ?? otherwise);

/** Where the picker's choices come from, while the app is asked for them or when it could not answer. */
function EntitiesStatus(props: { entities: AppEntities; appName: string | undefined; entity: string }) {
  const { entities, appName, entity } = props;
  if (!entities.fromApp || !appName) return null;
  if (entities.loading)
    return (
      <span role="status">
        Reading the {entities.noun} of {appName}…
      </span>
    );
  if (entities.error)
    return (
      <span className="field-warning">
        Could not read the {entities.noun} of {appName}: {entities.error}{' '}
        <button type="button" className="button subtle" onClick={entities.retry}>
          Try again
        </button>
      </span>
    );
  const described = entityNamed(entities, entity);
  if (!described)
    return (
      <>
        The {entities.noun} {appName} has, as it lists them now.
      </>
    );
  if (described.fields.length > 0) return <>Columns: {described.fields.map((f) => f.name).join(', ')}</>;
  return entities.noun === 'columns' ? (
    <>No columns found yet: Patchbay reads them from the sheet&apos;s first row once it has one.</>
  ) : (
    <>No columns found yet: Patchbay reads them from the first row once a file is there.</>
  );
}

/** The one entity an app offers once it has answered, when nothing is chosen yet. */
function onlyOption(entities: AppEntities, wanted: unknown): string | undefined {
  if (!wanted || !entities.fromApp || entities.described?.length !== 1) return undefined;
  return entities.described[0]!.name;
}

function fieldWarningsByField(warnings: readonly FieldWarning[]): FieldErrors {
  const byField: FieldErrors = {};
  for (const w of warnings)
    byField[w.field] = byField[w.field] ? `${byField[w.field]} ${w.message}` : w.message;
  return byField;
}

const strip = (field: string) => field.replace(/^flow\./, '');
const withoutFlowPrefix = (errors: FieldErrors): FieldErrors =>
  Object.fromEntries(Object.entries(errors).map(([field, message]) => [strip(field), message]));
