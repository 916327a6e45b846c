import { useEffect, useRef, useState, type FormEvent } from 'react';
import { valueProblem } from '../../../../core/contract/field-limits.ts';
import {
  settingLimits,
  workspaceSettingsSchema,
  type WorkspaceSettings,
} from '../../../../core/contract/settings.ts';
import { FormField } from '../../components/form-field.tsx';
import { fieldErrorsFromApi, type FieldErrors } from '../../lib/field-errors.ts';
import { useUpdateSettings } from '../../queries/settings-queries.ts';
import { askToNotify, noticePermission } from '../../api/browser-notifications.ts';

type NumberField = 'rotationReminderDays' | 'secondsPerRecord' | 'retentionDays';
type Draft = { workspaceName: string; notifications: boolean; people: string } & Record<NumberField, string>;

const numberFields: readonly NumberField[] = ['rotationReminderDays', 'secondsPerRecord', 'retentionDays'];
const shownFields = new Set<string>(['workspaceName', 'notifications', 'people', ...numberFields]);
// A refused name (people.2) shows beside the list it is in.
const shows = (field: string) => shownFields.has(field.split('.')[0]!);
/** One name a line; blank lines dropped. */
const peopleOf = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

const toDraft = (s: WorkspaceSettings): Draft => ({
  workspaceName: s.workspaceName,
  notifications: s.notifications,
  rotationReminderDays: String(s.rotationReminderDays),
  secondsPerRecord: String(s.secondsPerRecord),
  retentionDays: String(s.retentionDays),
  people: s.people.join('\n'),
});

/** The contract's rule for each field: its limits are shown beside it and checked before saving. */
const rule = workspaceSettingsSchema.shape;

const savedAt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * The workspace's settings. Each field's limits come from the contract's schema: shown
 * in its hint (the form kit's `rules`), checked here before saving, and enforced again by
 * the core.
 */
export function SettingsForm({ settings }: { settings: WorkspaceSettings }) {
  const [draft, setDraft] = useState(() => toDraft(settings));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState('');
  const [permission, setPermission] = useState(noticePermission);
  const update = useUpdateSettings();
  const form = useRef<HTMLFormElement>(null);
  // After a refused save, focus moves to the first field to fix, where its message is read.
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"], .error-banner')?.focus();
  }, [errors]);

  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSaved('');
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved('');
    const local: FieldErrors = {};
    for (const field of numberFields) {
      const problem = valueProblem(rule[field], draft[field]);
      if (problem) local[field] = problem;
    }
    if (Object.keys(local).length > 0) return setErrors(local);
    setErrors({});
    update.mutate(
      {
        workspaceName: draft.workspaceName,
        notifications: draft.notifications,
        rotationReminderDays: Number(draft.rotationReminderDays),
        secondsPerRecord: Number(draft.secondsPerRecord),
        retentionDays: Number(draft.retentionDays),
        people: peopleOf(draft.people),
      },
      {
        onSuccess: (value) => {
          setDraft(toDraft(value));
          setSaved(`Settings saved at ${savedAt.format(new Date())}.`);
        },
        onError: (error) => {
          const found = fieldErrorsFromApi(error, shows);
          const people = Object.entries(found).find(([field]) => field.startsWith('people'));
          setErrors(people ? { ...found, people: people[1] } : found);
        },
      },
    );
  }

  const number = (name: NumberField, label: string, unit: string, hint: string) => (
    <FormField
      id={`setting-${name}`}
      className="setting"
      label={label}
      hint={hint}
      error={errors[name]}
      rules={{ schema: rule[name], value: draft[name], unit: settingLimits[name].unit }}
    >
      {(props) => (
        <span className="input-with-unit">
          <input
            {...props}
            type="number"
            inputMode="numeric"
            min={settingLimits[name].min}
            max={settingLimits[name].max}
            step={1}
            value={draft[name]}
            onChange={(e) => set({ [name]: e.target.value })}
          />
          <span aria-hidden="true">{unit}</span>
        </span>
      )}
    </FormField>
  );

  return (
    <form
      ref={form}
      onSubmit={submit}
      noValidate
      className="card settings-form"
      aria-labelledby="general-title"
    >
      <h2 id="general-title">Workspace</h2>
      {errors.form && (
        <p role="alert" className="error-banner" tabIndex={-1}>
          {errors.form}
        </p>
      )}
      <FormField
        id="setting-workspaceName"
        className="setting"
        label="Workspace name"
        hint="Shown at the top of the dashboard, so you know whose data you are looking at."
        error={errors.workspaceName}
        rules={{ schema: rule.workspaceName, value: draft.workspaceName }}
      >
        {(props) => (
          <input
            {...props}
            type="text"
            value={draft.workspaceName}
            onChange={(e) => set({ workspaceName: e.target.value })}
          />
        )}
      </FormField>
      {number(
        'rotationReminderDays',
        'Remind me to change app passwords and keys after (days)',
        'days',
        'Patchbay reminds you to replace a saved key or password once it is this old. Many offices use 90 days.',
      )}
      {number(
        'secondsPerRecord',
        'Time to type one record by hand (seconds)',
        'seconds',
        'Used for the dashboard’s estimate of typing saved: records synced × this time.',
      )}
      {number(
        'retentionDays',
        'Keep run history for (days)',
        'days',
        'Older runs are removed to keep the workspace small. Failures not yet fixed are always kept.',
      )}
      <FormField
        id="setting-people"
        className="setting"
        label="People who handle failed records"
        hint="One name a line. Offered when assigning a failed record; names typed there before are offered too."
        error={errors.people}
        rules={{ schema: rule.people, value: peopleOf(draft.people), unit: 'names' }}
      >
        {(props) => (
          <textarea
            {...props}
            rows={3}
            value={draft.people}
            onChange={(e) => set({ people: e.target.value })}
          />
        )}
      </FormField>
      <FormField
        id="setting-notifications"
        className="setting"
        label="Tell me when a flow needs attention"
        hint="Shows a notification on this PC when a run fails or leaves records behind, Patchbay pauses a flow, or a scheduled run is missed."
        error={errors.notifications}
        inline
      >
        {(props) => (
          <input
            {...props}
            type="checkbox"
            checked={draft.notifications}
            onChange={(e) => {
              if (e.target.checked) void askToNotify().then(setPermission);
              set({ notifications: e.target.checked });
            }}
          />
        )}
      </FormField>
      {draft.notifications && permission === 'default' && (
        <p className="notice-permission">
          This browser has not been allowed to show Patchbay&apos;s notifications yet.{' '}
          <button type="button" className="button" onClick={() => void askToNotify().then(setPermission)}>
            Allow notifications
          </button>
        </p>
      )}
      {draft.notifications && permission === 'denied' && (
        <p className="notice-permission">
          This browser blocks notifications from Patchbay: allow them in its site settings (the icon left of
          the address).
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save settings'}
        </button>
        <p role="status" className="success-text">
          {saved}
        </p>
      </div>
    </form>
  );
}
