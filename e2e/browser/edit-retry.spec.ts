import { api, artifacts, noSeriousA11yIssues, openView, runDemoFlow } from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

test('a failed record is corrected in the app, checked as Stripe would check it, retried with the edit, and the edit is audited', async ({
  page,
  demo,
}) => {
  await page.goto(demo.url);
  expect((await runDemoFlow(page)).status).toBe('partial');
  await openView(page, 'Failures');

  await page.getByRole('button', { name: 'Edit and retry Maria Garcia' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit and retry Maria Garcia' });
  await expect(dialog).toContainText('Invalid email address: maria.garcia(at)example.com');
  const email = dialog.getByRole('textbox', { name: 'email', exact: true });
  await expect(email).toHaveValue('maria.garcia(at)example.com');
  await expect(dialog.getByRole('textbox', { name: 'name', exact: true })).toHaveValue('Maria Garcia');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}edit-retry-dialog.png`, fullPage: true });

  // Emptied, the match key is refused beside the field, before anything reaches Stripe.
  await email.fill('');
  await dialog.getByRole('button', { name: 'Retry with these values' }).click();
  await expect(dialog.getByText('email needs a value: it is how Stripe finds the record.')).toBeVisible();
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}edit-retry-refused.png`, fullPage: true });

  await email.fill('maria.garcia@example.com');
  await dialog.getByRole('textbox', { name: 'phone', exact: true }).fill('+44 20 7946 0001');
  await dialog.getByRole('button', { name: 'Retry with these values' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'corrections' })).toHaveText(
    'Maria Garcia was written to Stripe with your corrections.',
  );
  await expect(page.getByText('Nothing needs attention')).toBeVisible();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}edit-retry-done.png`, fullPage: true });

  // The audit log keeps what was changed.
  await openView(page, 'Audit log');
  const row = page.getByRole('row').filter({ hasText: 'Corrected a failed record and retried it' });
  await expect(row).toContainText('email = maria.garcia@example.com');
  await expect(row).toContainText('phone = +44 20 7946 0001');
  const log = await api<{ items: { action: string }[] }>(page, 'audit.list', { kind: 'failures' });
  expect(log.items.map((e) => e.action)).toContain('failures.retry-edited');
});
