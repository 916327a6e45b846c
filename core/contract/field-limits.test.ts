import { expect, it } from 'vitest';
import { appInputSchema, connectionSettingRule } from './apps.ts';
import { assignFailuresSchema, editedTextSchema, noteFailuresSchema } from './failure-actions.ts';
import { fieldLimits, limitsInWords, valueProblem } from './field-limits.ts';
import { flowInputSchema } from './flows.ts';
import { workspaceSettingsSchema } from './settings.ts';

const words = (schema: Parameters<typeof fieldLimits>[0], unit?: string) =>
  limitsInWords(fieldLimits(schema), unit);

// Issue 14, item 10: limits shown at every field, read from the schema that enforces them.
it('says each field’s limits in words, read from the contract’s own schema', () => {
  const settings = workspaceSettingsSchema.shape;
  expect(words(settings.retentionDays, 'days')).toBe('A whole number from 7 to 3,650 days.');
  expect(words(settings.secondsPerRecord, 'seconds')).toBe('A whole number from 1 to 3,600 seconds.');
  expect(words(settings.workspaceName)).toBe('At most 80 characters.');
  expect(words(settings.people, 'names')).toBe('At most 100 names, each at most 80 characters.');
  expect(words(flowInputSchema.shape.name)).toBe('At most 120 characters.');
  // Nullable, with a default: the limit of the value itself.
  expect(words(flowInputSchema.shape.schedule)).toBe('At most 200 characters.');
  expect(words(appInputSchema.shape.notes)).toBe('At most 2,000 characters.');
  expect(words(assignFailuresSchema.shape.assignee)).toBe('At most 80 characters.');
  expect(words(noteFailuresSchema.shape.note)).toBe('At most 2,000 characters.');
  expect(words(editedTextSchema)).toBe('At most 10,000 characters.');
  expect(words(connectionSettingRule('baseUrl'))).toBe('At most 2,000 characters.');
});

it('refuses a value outside the limits in the schema’s plain words, never the validator’s', () => {
  const settings = workspaceSettingsSchema.shape;
  expect(valueProblem(settings.retentionDays, '-5')).toBe('Enter a whole number of days from 7 to 3,650.');
  expect(valueProblem(settings.retentionDays, '4000')).toBe('Enter a whole number of days from 7 to 3,650.');
  expect(valueProblem(settings.retentionDays, 'ten')).toBe('Enter a whole number of days from 7 to 3,650.');
  expect(valueProblem(settings.retentionDays, ' 30 ')).toBeUndefined();
  expect(valueProblem(flowInputSchema.shape.name, 'x'.repeat(121))).toBe(
    'Flow name can be at most 120 characters.',
  );
  expect(valueProblem(flowInputSchema.shape.name, '  ')).toBe('Enter a name for the flow.');
  expect(valueProblem(noteFailuresSchema.shape.note, 'n'.repeat(2001))).toBe(
    'The note can be at most 2,000 characters.',
  );
  expect(valueProblem(assignFailuresSchema.shape.assignee, null)).toBeUndefined();
  expect(valueProblem(connectionSettingRule('baseUrl'), 'not a url at all')).toBe(
    'This setting is not a web address. Write it in full, for example https://api.example.com.',
  );
  expect(valueProblem(connectionSettingRule('baseUrl'), 'https://api.example.com')).toBeUndefined();
  // No raw validator words reach a person.
  for (const problem of [
    valueProblem(settings.secondsPerRecord, '2.5'),
    valueProblem(appInputSchema.shape.name, ''),
  ])
    expect(problem).not.toMatch(/expected|Too (big|small)|>=|<=/);
});
