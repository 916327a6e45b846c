import { demoCredentials } from '../../core/demo/demo-apps.ts';
import { api, noSeriousA11yIssues, artifacts } from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

test('an app page shows its connection, takes a credential it never shows again, and says when its flows are paused', async ({
  page,
  demo,
}) => {
  await page.goto(demo.url);
  await page.getByRole('link', { name: 'Apps' }).click();
  await page.getByRole('link', { name: 'HubSpot' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'HubSpot' })).toBeVisible();
  await expect(page.getByText('Through the HubSpot connector at')).toBeVisible();
  await expect(page.getByText('No problems reported.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'HubSpot contacts to Stripe customers' })).toBeVisible();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}app-page.png`, fullPage: true });

  // A wrong key: saved, never shown; the next run is refused and the flows pause.
  const field = page.getByLabel('API key or token for HubSpot');
  await field.fill('pat-na1-wrong-key');
  await page.getByRole('button', { name: 'Save credential' }).click();
  await expect(page.getByRole('status')).toContainText('never shown again');
  await expect(field).toHaveValue('');
  const flows = await api<{ id: string; name: string }[]>(page, 'flows.list');
  const flow = flows.find((f) => f.name === 'HubSpot contacts to Stripe customers')!;
  await api(page, 'flows.run', { id: flow.id });
  await expect(page.getByRole('alert')).toContainText('Its flows are paused');
  await expect(page.getByRole('alert')).toContainText('Reconnect HubSpot');
  await page.screenshot({ path: `${artifacts}app-page-paused.png`, fullPage: true });
  expect(await page.content()).not.toContain('pat-na1-wrong-key');

  // The right key resumes them.
  await field.fill(demoCredentials.hubspot);
  await page.getByRole('button', { name: 'Save credential' }).click();
  await expect(page.getByText('No problems reported.')).toBeVisible();
  await noSeriousA11yIssues(page);
});
