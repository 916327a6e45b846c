import { readCron } from '../../../../core/contract/cron-reading.ts';
import { flowInputSchema } from '../../../../core/contract/flows.ts';
import { SelectField, TextField } from '../../components/form-field.tsx';
import { RadioGroup } from '../../components/radio-group.tsx';
import type { FieldErrors } from '../../lib/field-errors.ts';
import { keyFieldsOf } from '../../../../core/contract/composite-key.ts';
import {
  effectiveMatchKey,
  joinedMatchKey,
  mappedTargets,
  type FlowDraft,
  type SchedulePreset,
} from './flow-draft.ts';

type Patch = (patch: Partial<FlowDraft>) => void;

/** How a record in the target is recognised, and whether existing ones are changed. */
export function MatchingFields(props: {
  draft: FlowDraft;
  set: Patch;
  errors: FieldErrors;
  targetLabel: string;
  /**
   * The source's connector says when its records are deleted (the catalogue's
   * `showsDeletions`): only then is there anything to choose about their copies.
   */
  sourceShowsDeletions: boolean;
}) {
  const { draft, set, errors } = props;
  const targets = mappedTargets(draft);
  const matchKey = effectiveMatchKey(draft);
  const [first = '', second = ''] = keyFieldsOf(matchKey, targets);
  return (
    <fieldset className="flow-section">
      <legend>Matching and writing</legend>
      <div className="form-grid">
        <SelectField
          id="flow-matchKey"
          label="Match records by"
          className="span-3"
          value={first}
          placeholder={targets.length === 0 ? 'Map a field first' : 'Choose a mapped field'}
          options={targets.map((t) => [t, t] as const)}
          error={errors.matchKey}
          hint={`A record in ${props.targetLabel} with the same value here is the same record, such as the same email.`}
          onChange={(field) => set({ matchKey: joinedMatchKey(field, second) })}
        />
        <SelectField
          id="flow-matchKey-second"
          label="Together with"
          className="span-3"
          value={second}
          options={[
            ['', 'No other field'],
            ...targets.filter((t) => t !== first).map((t) => [t, t] as const),
          ]}
          hint="For records told apart only by two fields together, such as an order number and a line number."
          onChange={(field) => set({ matchKey: joinedMatchKey(first, field) })}
        />
      </div>
      <RadioGroup
        name="flow-writeMode"
        legend="When writing"
        value={draft.writeMode}
        onChange={(writeMode) => set({ writeMode })}
        error={errors.writeMode}
        options={[
          {
            value: 'upsert',
            label: 'Create new records and update existing ones',
            words: `A record already in ${props.targetLabel} with the same ${matchKey || 'match key'} is updated, never copied twice.`,
          },
          {
            value: 'create_only',
            label: 'Create new records only',
            words: `Records already in ${props.targetLabel} are left exactly as they are.`,
          },
        ]}
      />
      {props.sourceShowsDeletions && (
        <RadioGroup
          name="flow-deletedAtSource"
          legend="When a record is deleted in the app it comes from"
          value={draft.deletedAtSource}
          onChange={(deletedAtSource) => set({ deletedAtSource })}
          error={errors.deletedAtSource}
          options={[
            {
              value: 'leave',
              label: `Keep its copy in ${props.targetLabel}`,
              words: 'The run counts it as "deleted at source" and never copies it again.',
            },
            {
              value: 'remove',
              label: `Delete or archive its copy in ${props.targetLabel} too`,
              words: 'Where the app lets Patchbay delete records; otherwise the copy is kept.',
            },
          ]}
        />
      )}
    </fieldset>
  );
}

const presetLabels: [SchedulePreset, string][] = [
  ['manual', 'Only when I click Sync now'],
  ['every15', 'Every 15 minutes'],
  ['hourly', 'Every hour'],
  ['daily', 'Every day at…'],
  ['weekdays', 'Weekdays (Monday to Friday) at…'],
  ['custom', 'Custom (a cron expression)'],
];

/** When the flow runs by itself, and what it does about runs missed while the PC was off. */
export function ScheduleFields(props: { draft: FlowDraft; set: Patch; errors: FieldErrors }) {
  const { draft, set, errors } = props;
  const preset = draft.schedulePreset;
  const timed = preset === 'daily' || preset === 'weekdays';
  return (
    <fieldset className="flow-section">
      <legend>When it runs</legend>
      <div className="schedule-grid">
        <SelectField
          id="flow-schedulePreset"
          label="Runs"
          value={preset}
          options={presetLabels}
          error={preset === 'custom' ? undefined : errors.schedule}
          onChange={(value) => set({ schedulePreset: value as SchedulePreset })}
        />
        {timed && (
          <TextField
            id="flow-scheduleTime"
            type="time"
            label="Time"
            value={draft.scheduleTime}
            error={undefined}
            hint="In this computer's time zone."
            onChange={(scheduleTime) => set({ scheduleTime })}
          />
        )}
        {preset === 'custom' && (
          <TextField
            id="flow-schedule"
            label="Cron expression"
            placeholder="0 8 * * 1-5"
            value={draft.customSchedule}
            error={errors.schedule}
            rules={{ schema: flowInputSchema.shape.schedule, value: draft.customSchedule }}
            hint="Minute, hour, day of month, month, day of week. For example 0 8 * * 1-5 is 08:00 on weekdays."
            onChange={(customSchedule) => set({ customSchedule })}
          />
        )}
      </div>
      {preset === 'custom' && <CronReadingLine text={draft.customSchedule} />}
      <RadioGroup
        name="flow-catchUp"
        legend="If the computer was off or asleep at a scheduled time"
        value={draft.catchUp}
        onChange={(catchUp) => set({ catchUp })}
        error={errors.catchUp}
        disabled={preset === 'manual'}
        options={[
          { value: 'once', label: 'Catch up once', words: 'Run one time when the computer is back.' },
          {
            value: 'every',
            label: 'Run every missed time',
            words: 'Run once for each time that was missed (up to a limit), in order.',
          },
          { value: 'skip', label: 'Skip missed runs', words: 'Wait for the next scheduled time.' },
        ]}
      />
    </fieldset>
  );
}

/** The custom schedule read aloud as it is typed, or what stops it being one. */
function CronReadingLine({ text }: { text: string }) {
  const reading = text.trim() ? readCron(text) : undefined;
  return (
    <p className="muted cron-reading" role="status" aria-live="polite">
      {!reading
        ? 'Type five fields to see when it runs.'
        : reading.ok
          ? `Runs: ${reading.words}.`
          : `Not a schedule yet: ${reading.problem}.`}
    </p>
  );
}
