import { demoCredentials } from '../../core/demo/demo-apps.ts';
import { api, artifacts, noSeriousA11yIssues, openView } from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

test('an app page shows its connection, tests it, takes a credential it never shows again, and says when its flows are paused', async ({
  page,
  demo,
}) => {
  await page.goto(demo.url);
  await openView(page, 'Apps');

  // The inventory says what is known of each app's connection and how its credential is
  // doing: a saved key nothing has tried yet is not proof of a connection.
  const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
  await expect(row('HubSpot')).toContainText('Not tested');
  await expect(row('HubSpot')).toContainText('Not tried yet');
  // Xero: signed in to by the demo through the browser flow, not tried yet either.
  await expect(row('Xero')).toContainText('Not tested');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}apps-inventory-status.png`, fullPage: true });

  await page.getByRole('link', { name: 'HubSpot', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'HubSpot' })).toBeVisible();
  const connection = page.getByRole('article', { name: 'Connection' });
  const credential = page.getByRole('article', { name: 'Credential' });
  await expect(connection).toContainText('Through the HubSpot connector at');
  await expect(connection).toContainText('Not tested');
  await expect(credential).toContainText('Not tried yet');
  await expect(page.getByRole('link', { name: 'HubSpot contacts to Stripe customers' })).toBeVisible();

  // One cheap call with the saved key answers in words and dates the credential.
  await connection.getByRole('button', { name: 'Test the connection' }).click();
  await expect(connection.getByRole('status')).toHaveText('Connected to HubSpot.');
  await expect(credential).toContainText('OK');
  await expect(connection).toContainText('Connected');
  await expect(connection).toContainText('last worked');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}app-page.png`, fullPage: true });

  // A wrong key: saved, never shown; the test and the next run are refused and the flows pause.
  const field = page.getByLabel('API key or token for HubSpot');
  await field.fill('pat-na1-wrong-key');
  await page.getByRole('button', { name: 'Save credential' }).click();
  await expect(credential.getByRole('status')).toContainText('never shown again');
  await expect(field).toHaveValue('');
  await connection.getByRole('button', { name: 'Test the connection' }).click();
  await expect(connection.getByRole('alert')).toContainText('HubSpot refused');
  const flows = await api<{ id: string; name: string }[]>(page, 'flows.list');
  const flow = flows.find((f) => f.name === 'HubSpot contacts to Stripe customers')!;
  await api(page, 'flows.run', { id: flow.id });
  await expect(connection).toContainText('Refused');
  await expect(connection).toContainText('Its flows are paused');
  await expect(connection).toContainText('Reconnect HubSpot');
  await expect(credential).toContainText('Refused');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}app-page-paused.png`, fullPage: true });
  expect(await page.content()).not.toContain('pat-na1-wrong-key');

  // The right key resumes them.
  await field.fill(demoCredentials.hubspot);
  await page.getByRole('button', { name: 'Save credential' }).click();
  await expect(connection).not.toContainText('Refused');
  await expect(connection).toContainText('Not tested');
  await connection.getByRole('button', { name: 'Test the connection' }).click();
  await expect(connection.getByRole('status')).toHaveText('Connected to HubSpot.');
  await expect(connection).toContainText('Connected');
  await noSeriousA11yIssues(page);
});
