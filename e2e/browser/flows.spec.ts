import type { Page } from '@playwright/test';
import { api, artifacts, noSeriousA11yIssues, openView } from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

const demoFlow = 'HubSpot contacts to Stripe customers';

const card = (page: Page, name: string) => page.getByRole('article', { name, exact: true });

test('an empty workspace explains what a flow is and offers to create one', async ({ page, served }) => {
  await page.goto(served.url);
  await openView(page, 'Flows');
  await expect(page.getByText('No flows yet')).toBeVisible();
  await expect(page.getByText('A flow keeps two apps in step')).toBeVisible();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}flows-empty.png`, fullPage: true });
  await page.getByRole('link', { name: 'Create a flow' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create a flow' })).toBeVisible();
});

test('the list shows schedules and next runs; dry run, Sync now, pause and resume work from it', async ({
  page,
  demo,
}) => {
  // A real sync of the demo contacts under Stripe's rate limit, and several axe passes.
  test.setTimeout(90_000);
  await page.goto(demo.url);
  await openView(page, 'Flows');
  const flow = card(page, demoFlow);
  await expect(flow).toContainText('Every 15 minutes');
  await expect(flow).toContainText(/Next run\s*in (\d+ minutes?|less than a minute)/);
  await expect(flow).toContainText('Never run');
  // The flow into Xero, signed in to by the demo through the browser flow, runs like the others.
  await expect(card(page, 'Shop orders to accounting')).toContainText('Every hour');
  await expect(card(page, 'Shop orders to accounting')).not.toContainText('Connect Xero first');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}flows-list.png`, fullPage: true });

  // The dry run reads all demo contacts and writes nothing.
  await flow.getByRole('button', { name: 'Dry run' }).click();
  const dialog = page.getByRole('dialog', { name: `Dry run of ${demoFlow}` });
  await expect(dialog.getByRole('status')).toContainText(
    'It would read 49 records from contacts: 49 to create, 0 to update, 0 already the same, 0 that would fail.',
  );
  await expect(dialog.getByRole('table')).toContainText('contact1@example.com');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}flows-dry-run.png`, fullPage: true });
  await dialog.getByRole('button', { name: 'Close' }).click();
  expect((await api<{ total: number }>(page, 'runs.list', {})).total).toBe(0);

  // Sync now: progress while it runs, then what it did.
  await flow.getByRole('button', { name: 'Sync now' }).click();
  await expect(flow.getByRole('button', { name: 'Syncing…' })).toBeDisabled();
  await expect(flow.getByText('Running now. Wait for it to finish.')).toBeVisible();
  await expect(flow.getByRole('status')).toContainText(/Syncing…|Starting the sync…/);
  await page.screenshot({ path: `${artifacts}flows-syncing.png`, fullPage: true });
  await expect(flow.getByRole('status')).toContainText(
    'Sync finished with problems: 48 records written, 1 failed.',
    { timeout: 30_000 },
  );
  await expect(flow).toContainText('Finished with problems: 48 records written, 1 failed');
  await expect(flow.getByRole('button', { name: 'Sync now' })).toBeEnabled();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}flows-synced.png`, fullPage: true });

  // Pause and resume the schedule.
  await flow.getByRole('button', { name: 'Pause schedule' }).click();
  await expect(flow).toContainText('None: the schedule is paused');
  expect((await api<{ enabled: boolean }>(page, 'flows.get', { id: demoFlow })).enabled).toBe(false);
  await flow.getByRole('button', { name: 'Resume schedule' }).click();
  await expect(flow).toContainText(/Next run\s*in (\d+ minutes?|less than a minute)/);
  expect((await api<{ enabled: boolean }>(page, 'flows.get', { id: demoFlow })).enabled).toBe(true);

  // A refused credential: Patchbay pauses the flow and the list says why, prominently.
  const hubspot = (await api<{ id: string; name: string }[]>(page, 'apps.list')).find(
    (a) => a.name === 'HubSpot',
  )!;
  await api(page, 'secrets.set', { appId: hubspot.id, value: 'pat-na1-wrong-key' });
  await api(page, 'flows.run', { id: demoFlow });
  await expect(flow.getByText('Patchbay paused this flow:')).toBeVisible();
  await expect(flow).toContainText('Reconnect HubSpot');
  await expect(flow.getByRole('button', { name: 'Sync now' })).toBeDisabled();
  await expect(flow).toContainText('Sync now waits until the problem above is fixed.');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}flows-paused.png`, fullPage: true });
});

test('a new flow is made in the editor: preview side by side, a refused schedule beside its field, save', async ({
  page,
  demo,
}) => {
  // Many steps and four axe passes: more than the default 30 s on a loaded machine.
  test.setTimeout(60_000);
  await page.goto(demo.url);
  await openView(page, 'Flows');
  await page.getByRole('link', { name: 'Create a flow' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create a flow' })).toBeVisible();

  await page.getByLabel('Name').fill('Contact names to Stripe');
  await page.getByLabel('Copy from app').selectOption({ label: 'HubSpot' });
  await page.getByLabel('Records to read').selectOption({ label: 'Contacts' });
  await page.getByLabel('Copy to app').selectOption({ label: 'Stripe' });
  await page.getByLabel('Records to write').selectOption({ label: 'Customers' });

  // Field 1: email, lower-cased.
  const first = page.getByRole('group', { name: /^Field 1/ });
  await first.getByLabel('Field in Stripe customers').fill('email');
  await first.getByLabel('Source field').fill('email');
  await first.getByLabel('Change to add to email').selectOption({ label: 'Change case' });
  await first.getByRole('button', { name: 'Add change to email' }).click();
  // Field 2: a fixed description.
  await page.getByRole('button', { name: 'Add a field' }).click();
  const second = page.getByRole('group', { name: /^Field 2/ });
  await second.getByLabel('Field in Stripe customers').fill('description');
  await second.getByLabel('Filled from').selectOption('constant');
  await second.getByLabel('Fixed value').fill('Added by Patchbay');
  // Field 3: the name in capitals, from a template; then moved up by keyboard.
  await page.getByRole('button', { name: 'Add a field' }).click();
  const third = page.getByRole('group', { name: /^Field 3/ });
  await third.getByLabel('Field in Stripe customers').fill('name');
  await third.getByLabel('Filled from').selectOption('template');
  await third.getByLabel('Template').fill('{{firstname}} {{lastname}}');
  await third.getByLabel('Change to add to name').selectOption({ label: 'Change case' });
  await third.getByRole('button', { name: 'Add change to name' }).click();
  await third.getByLabel('Change case to').selectOption('upper');
  await page.getByRole('button', { name: 'Move up (name)' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: 'Field 2: name' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Move up (name)' })).toBeFocused();
  await expect(page.getByText('name moved to position 2 of 3.')).toBeAttached();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}flows-editor.png`, fullPage: true });

  // The preview maps real sample contacts, side by side, writing nothing.
  await page.getByRole('button', { name: 'Preview with sample records' }).click();
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('status')).toContainText(
    '5 sample records from HubSpot contacts, all mapped.',
  );
  const row = preview.getByRole('row').nth(1);
  await expect(row.getByRole('definition').filter({ hasText: 'contact1@example.com' }).first()).toBeVisible();
  await expect(row.getByLabel(/in Stripe customers$/)).toContainText('FIRST1 LAST1');
  await expect(row.getByLabel(/in Stripe customers$/)).toContainText('Added by Patchbay');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}flows-preview.png`, fullPage: true });

  // A schedule only the core can judge: its refusal shows beside the field.
  await page.getByLabel('Match records by').selectOption('email');
  await page.getByLabel('Runs', { exact: true }).selectOption({ label: 'Custom (a cron expression)' });
  await page.getByLabel('Cron expression').fill('every tuesday-ish');
  await page.getByRole('button', { name: 'Save flow' }).click();
  await expect(page.locator('#flow-schedule-error')).toContainText(
    '"every tuesday-ish" is not a schedule Patchbay understands',
  );
  await expect(page.getByLabel('Cron expression')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Cron expression')).toBeFocused();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}flows-editor-error.png`, fullPage: true });

  await page.getByLabel('Runs', { exact: true }).selectOption({ label: 'Weekdays (Monday to Friday) at…' });
  await page.getByLabel('Time', { exact: true }).fill('09:30');
  await page.getByRole('button', { name: 'Save flow' }).click();
  await expect(page.getByText('Saved Contact names to Stripe.')).toBeVisible();
  const saved = card(page, 'Contact names to Stripe');
  await expect(saved).toContainText('Every weekday at 09:30');
  const stored = await api<{ mapping: { target: string }[]; matchKey: string; schedule: string }>(
    page,
    'flows.get',
    { id: 'Contact names to Stripe' },
  );
  expect(stored.mapping.map((m) => m.target)).toEqual(['email', 'name', 'description']);
  expect(stored).toMatchObject({ matchKey: 'email', schedule: 'weekdays at 09:30' });

  // Delete asks first.
  await saved.getByRole('button', { name: 'Delete Contact names to Stripe' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete Contact names to Stripe?' });
  await confirm.getByRole('button', { name: 'Delete flow' }).click();
  await expect(saved).toHaveCount(0);
  await expect(card(page, demoFlow)).toBeVisible();
});
