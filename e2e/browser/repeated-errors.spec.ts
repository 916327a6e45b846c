import {
  api,
  artifacts,
  demoFlow,
  noSeriousA11yIssues,
  openView,
  runDemoFlow,
} from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

test('48 identical errors are one row with a count, unfolded on demand, and chosen together', async ({
  page,
  demo,
}) => {
  // 49 records, and axe over all of them unfolded: more than the default on a loaded machine.
  test.slow();
  await page.goto(demo.url);
  // A field Stripe does not have: every record is refused with the same words.
  const flow = await demoFlow(page);
  const { id, createdAt: _c, updatedAt: _u, pausedReason: _p, ...input } = flow;
  await api(page, 'flows.update', {
    id,
    flow: { ...input, mapping: [...flow.mapping, { target: 'favourite_colour', constant: 'green' }] },
  });
  expect((await runDemoFlow(page)).counts.failed).toBe(49);
  await openView(page, 'Failures');

  const repeat = page.getByRole('listitem').filter({ hasText: 'records failed with this error' });
  await expect(repeat).toHaveCount(1);
  await expect(repeat).toContainText('Received unknown parameter: favourite_colour');
  await expect(repeat).toContainText(/4[89] records failed with this error: .+ and 4[56] more\./);
  const height = await page.locator('html').evaluate((html) => html.scrollHeight);
  expect(height).toBeLessThan(2000);
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}repeated-errors.png`, fullPage: true });

  const show = repeat.getByRole('button', { name: /^Show 4[89] records$/ });
  await show.click();
  await expect(repeat.getByRole('button', { name: 'Hide records' })).toHaveAttribute('aria-expanded', 'true');
  await expect(repeat.getByRole('listitem').filter({ hasText: 'First1 Last1' })).toBeVisible();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}repeated-errors-shown.png` });
  await repeat.getByRole('button', { name: 'Hide records' }).click();
  await expect(repeat.getByRole('listitem')).toHaveCount(0);

  await repeat.getByRole('checkbox', { name: /^Select the 4[89] records with this error$/ }).check();
  await expect(page.getByRole('group', { name: 'Selected records' })).toContainText(/4[89] selected/);
});
