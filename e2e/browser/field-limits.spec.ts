import type { Locator, Page } from '@playwright/test';
import {
  artifacts,
  noSeriousA11yIssues,
  openView,
  runDemoFlow,
  screenshotDialog,
} from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

// Issue 14, item 10: every form shows each field's limits beside it, read from the
// contract's schema that the core enforces, and a value past them is refused there in
// plain words as it is typed (the form kit's `rules`, renderer/src/components/form-field.tsx).

/** A field's hint and message, by the control's id. */
const hintOf = (page: Page | Locator, id: string) => page.locator(`#${id}-hint`);
const errorOf = (page: Page | Locator, id: string) => page.locator(`#${id}-error`);

test('the flow form and the app form show each field’s limits and refuse a value past them in words', async ({
  page,
  demo,
}) => {
  await page.goto(demo.url);
  await openView(page, 'Flows');
  await page.getByRole('link', { name: 'Create a flow' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create a flow' })).toBeVisible();
  await expect(hintOf(page, 'flow-name')).toHaveText('At most 120 characters.');
  const name = page.getByLabel('Name', { exact: true });
  await name.fill('x'.repeat(121));
  await expect(errorOf(page, 'flow-name')).toHaveText('Flow name can be at most 120 characters.');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Runs', { exact: true }).selectOption({ label: 'Custom (a cron expression)' });
  await expect(hintOf(page, 'flow-schedule')).toContainText('At most 200 characters.');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}field-limits-flow.png`, fullPage: true });
  // Back within the limit, the message goes.
  await name.fill('Contacts to customers');
  await expect(errorOf(page, 'flow-name')).toHaveText('');
  await expect(name).not.toHaveAttribute('aria-invalid', 'true');

  await openView(page, 'Apps');
  await page.getByRole('button', { name: 'Add app' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add an app' });
  await expect(hintOf(dialog, 'app-name')).toHaveText('At most 80 characters.');
  await expect(hintOf(dialog, 'app-notes')).toHaveText('At most 2,000 characters.');
  await dialog.getByRole('radio', { name: 'Shopify', exact: true }).check();
  // A connector's declared setting: its own help, then the limit the core enforces.
  await expect(hintOf(dialog, 'app-setting-shop')).toHaveText(
    "The part before .myshopify.com in your shop's admin address. At most 2,000 characters.",
  );
  const shop = dialog.getByLabel('Shop name');
  await shop.fill('shpat_0123456789abcdef');
  await expect(errorOf(dialog, 'app-setting-shop')).toContainText(
    'This setting holds a value that looks like a key or token',
  );
  // The connector's entities are listed with the same rule the core keeps.
  await expect(dialog.getByText('At most 60 characters.').first()).toBeVisible();
  await dialog.getByLabel('Notes').fill('n'.repeat(2001));
  await expect(errorOf(dialog, 'app-notes')).toHaveText('Notes can be at most 2,000 characters.');
  await noSeriousA11yIssues(page);
  await screenshotDialog(page, dialog, 'field-limits-app.png');
});

test('the assign and edit-and-retry dialogs show their limits at the field', async ({ page, demo }) => {
  await page.goto(demo.url);
  expect((await runDemoFlow(page)).status).toBe('partial');
  await openView(page, 'Failures');

  await page.getByRole('button', { name: 'Assign or note Maria Garcia' }).click();
  const assign = page.getByRole('dialog', { name: 'Assign or note 1 record' });
  await expect(hintOf(assign, 'assign-person')).toHaveText(
    'Type a name, or pick one used before. Leave it empty for nobody. At most 80 characters.',
  );
  await expect(hintOf(assign, 'assign-note')).toHaveText(
    'What is happening with these records, for whoever looks next. At most 2,000 characters.',
  );
  await assign.getByLabel('Assigned to').fill('p'.repeat(81));
  await expect(errorOf(assign, 'assign-person')).toHaveText('The name can be at most 80 characters.');
  await noSeriousA11yIssues(page);
  await screenshotDialog(page, assign, 'field-limits-assign.png');
  await assign.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Edit and retry Maria Garcia' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit and retry Maria Garcia' });
  await expect(hintOf(edit, 'edit-name')).toContainText('At most 10,000 characters.');
  await edit.getByRole('textbox', { name: 'name', exact: true }).fill('m'.repeat(10_001));
  await expect(errorOf(edit, 'edit-name')).toHaveText('A value can be at most 10,000 characters.');
  await noSeriousA11yIssues(page);
  await screenshotDialog(page, edit, 'field-limits-edit-retry.png');
});
