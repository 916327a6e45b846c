import type { Page } from '@playwright/test';
import { api, artifacts, noSeriousA11yIssues, openView } from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

async function openSettings(page: Page, url: string) {
  await page.goto(url);
  await openView(page, 'Settings');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
}

test('settings are saved, kept after a reload, and refused values are explained beside the field', async ({
  page,
  demo,
}) => {
  await openSettings(page, demo.url);
  const name = page.getByLabel('Workspace name');
  const seconds = page.getByLabel('Time to type one record by hand (seconds)');
  const retention = page.getByLabel('Keep run history for (days)');
  const reminder = page.getByLabel('Remind me to change app passwords and keys after (days)');
  const notify = page.getByLabel('Tell me when a flow needs attention');
  await expect(seconds).toHaveValue('30');
  await expect(retention).toHaveValue('90');
  await expect(notify).toBeChecked();
  // Browser mode needs the browser's permission before it can show them, and says so.
  await expect(page.getByRole('button', { name: 'Allow notifications' })).toBeVisible();
  await expect(page.getByText('Used for the dashboard’s estimate of typing saved')).toBeVisible();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}settings.png`, fullPage: true });

  await name.fill('Garcia & Sons office');
  await seconds.fill('45');
  await retention.fill('30');
  await reminder.fill('60');
  await notify.uncheck();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}settings-saved.png`, fullPage: true });

  await page.reload();
  await expect(seconds).toHaveValue('45');
  await expect(name).toHaveValue('Garcia & Sons office');
  await expect(retention).toHaveValue('30');
  await expect(reminder).toHaveValue('60');
  await expect(notify).not.toBeChecked();
  expect(await api<{ secondsPerRecord: number }>(page, 'settings.get')).toMatchObject({
    secondsPerRecord: 45,
  });
  await openView(page, 'Dashboard');
  await expect(page.getByText('Workspace: Garcia & Sons office')).toBeVisible();
  await openView(page, 'Settings');

  // Two days of history is too little: the limits are shown at the field, and the
  // refusal says them again beside it; 30 is kept.
  await expect(page.locator('#setting-retentionDays-hint')).toContainText(
    'A whole number from 7 to 3,650 days.',
  );
  await expect(retention).toHaveAttribute('min', '7');
  await retention.fill('2');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(retention).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#setting-retentionDays-error')).toHaveText(
    'Enter a whole number of days from 7 to 3,650.',
  );
  await expect(retention).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved' })).toHaveCount(0);
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}settings-error.png`, fullPage: true });
  expect(await api<{ retentionDays: number }>(page, 'settings.get')).toMatchObject({ retentionDays: 30 });

  // Not a number at all, or a negative one, is caught before asking the core, in the same words.
  await seconds.fill('');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.locator('#setting-secondsPerRecord-error')).toHaveText(
    'Enter a whole number of seconds from 1 to 3,600.',
  );
  await reminder.fill('-5');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.locator('#setting-rotationReminderDays-error')).toHaveText(
    'Enter a whole number of days from 1 to 3,650.',
  );
});

test('the schedules switch pauses and resumes the scheduler', async ({ page, demo }) => {
  await openSettings(page, demo.url);
  const toggle = page.getByRole('switch', { name: 'Run flows on their schedules' });
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByText('On: every flow with a schedule runs by itself')).toBeVisible();

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByRole('status').filter({ hasText: 'Schedules paused' })).toBeVisible();
  await expect(page.getByText('runs missed in the meantime are not made up')).toBeVisible();
  expect(await api<{ paused: boolean }>(page, 'scheduler.status')).toMatchObject({ paused: true });
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}settings-scheduler-paused.png`, fullPage: true });

  // The dashboard says so too.
  await openView(page, 'Dashboard');
  await expect(page.getByText('The scheduler is paused:')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Next scheduled runs' })).toContainText(
    'the scheduler is paused',
  );

  await openView(page, 'Settings');
  await toggle.focus();
  await page.keyboard.press('Space');
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByRole('status').filter({ hasText: 'Schedules running again' })).toBeVisible();
  expect(await api<{ paused: boolean }>(page, 'scheduler.status')).toMatchObject({ paused: false });
});

test('with notifications on, a run that leaves a record behind shows a browser notification', async ({
  page,
  demo,
}) => {
  // Records each notification the page shows (the real Notification still runs).
  await page.addInitScript({
    content: `
      const Real = window.Notification;
      window.shownNotices = [];
      window.Notification = class extends Real {
        constructor(title, options) {
          window.shownNotices.push({ title, body: options && options.body });
          super(title, options);
        }
      };`,
  });
  await page.context().grantPermissions(['notifications'], { origin: new URL(demo.url).origin });
  await openSettings(page, demo.url);
  await expect(page.getByLabel('Tell me when a flow needs attention')).toBeChecked();
  await expect(page.getByRole('button', { name: 'Allow notifications' })).toHaveCount(0);
  const flows = await api<{ id: string; name: string }[]>(page, 'flows.list');
  const flow = flows.find((f) => f.name === 'HubSpot contacts to Stripe customers')!;
  expect((await api<{ status: string }>(page, 'flows.run', { id: flow.id })).status).toBe('partial');
  await expect
    .poll(() => page.evaluate('window.shownNotices'))
    .toEqual([
      {
        title: 'HubSpot contacts to Stripe customers: 1 record could not be written',
        body: 'Open Failures in Patchbay to see why, fix it, and retry.',
      },
    ]);
});
