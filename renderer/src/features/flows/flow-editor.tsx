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
  const sourceEntity = entityOf(apps, props.connectors, draft.sourceAppId, draft.sourceEntity);
  const targetEntity = entityOf(apps, props.connectors, draft.targetAppId, draft.targetEntity);
  const sampleFields = preview.data?.samples.flatMap((s) => Object.keys(s.source)) ?? [];
  const sourceFields = [...new Set([...(sourceEntity?.fields.map((f) => f.name) ?? []), ...sampleFields])];
  const targetFields = targetEntity?.fields.map((f) => f.name) ?? [];
  // Source fields are judged only once sample records show what the source really holds
  // (the record id is a field no list names); target fields as soon as the target lists them.
  const warnings = fieldWarningsByField(
    mappingFieldWarnings(
      toFlowInput(draft).mapping,
      { label: sourceLabel, known: preview.data ? sourceFields : [] },
      { label: targetLabel, known: targetFields, onlyListedFields: targetEntity?.onlyListedFields },
    ),
  );

  function chooseApp(side: 'source' | 'target', appId: string) {
    const options = entityOptions(
      apps.find((a) => a.id === appId),
      props.connectors,
      '',
    );
    set({ [`${side}AppId`]: appId, [`${side}Entity`]: options.length === 1 ? options[0]![0] : '' });
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
                  placeholder={draft[`${side}AppId`] ? 'Choose what to copy' : 'Choose the app first'}
                  options={entityOptions(
                    apps.find((a) => a.id === draft[`${side}AppId`]),
                    props.connectors,
                    draft[`${side}Entity`],
                  )}
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

        <MatchingFields draft={draft} set={set} errors={errors} targetLabel={targetLabel} />
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

/** What the app's connector can read or write; else what the inventory says it holds. */
function entityOptions(app: App | undefined, connectors: Connectors, current: string) {
  if (!app) return [];
  const connector = app.connector ? connectors.find((c) => c.id === app.connector!.connector) : undefined;
  const options: (readonly [string, string])[] = connector
    ? connector.entities.map((e) => [e.name, e.label] as const)
    : app.entities.map((e) => [e.name, e.name] as const);
  // A saved entity the app no longer lists stays visible rather than silently changing.
  if (current && !options.some(([value]) => value === current)) options.push([current, current]);
  return options;
}

/** What the app's connector says of the entity, when it has one that offers it. */
function entityOf(apps: readonly App[], connectors: Connectors, appId: string, entity: string) {
  const app = apps.find((a) => a.id === appId);
  const connector = app?.connector ? connectors.find((c) => c.id === app.connector!.connector) : undefined;
  return connector?.entities.find((e) => e.name.toLowerCase() === entity.toLowerCase());
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
