import { readFileSync } from 'node:fs';
import {
  api,
  artifacts,
  noSeriousA11yIssues,
  openCustomConnectorDialog,
  openView,
} from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

// A connector whose server comes from the sign-in (Pipedrive as a Marketplace app,
// docs/examples/pipedrive-oauth.json): before it is installed, "Add a custom connector"
// lists the host pattern its captured address may name among the hosts it talks to.

const example = readFileSync(new URL('../../docs/examples/pipedrive-oauth.json', import.meta.url), 'utf8');

test('the preview of a connector whose address comes from the sign-in lists its host pattern', async ({
  page,
  served,
}) => {
  await page.goto(served.url);
  await openView(page, 'Connectors');
  const dialog = await openCustomConnectorDialog(page);
  await dialog.getByRole('textbox', { name: 'Manifest' }).fill(example);
  await dialog.getByRole('button', { name: 'Check' }).click();
  const preview = dialog.getByRole('region', { name: /^Pipedrive \(Marketplace app\) \(pipedrive-oauth\)/ });
  await expect(preview.getByRole('list', { name: 'Hosts it talks to' })).toHaveText(
    /https:\/\/\*\.pipedrive\.com\s*https:\/\/oauth\.pipedrive\.com/,
  );
  await noSeriousA11yIssues(page);
  const height = await dialog.evaluate((element) => element.scrollHeight);
  await page.setViewportSize({ width: 1280, height: Math.max(800, height + 60) });
  await page.screenshot({ path: `${artifacts}connectors-add-host-pattern.png` });
  const installed = (await api<{ id: string; origin: string }[]>(page, 'connectors.list')).filter(
    (c) => c.origin === 'installed',
  );
  expect(installed).toEqual([]);
});
