import type { Locator, Page } from '@playwright/test';
import { stringify } from 'yaml';
import {
  notebookManifest,
  notebookToken,
  startNotebookApi,
  type NotebookApi,
} from '../../core/testing/notebook-api.ts';
import {
  api,
  artifacts,
  noSeriousA11yIssues,
  openCustomConnectorDialog,
  openView,
} from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

// A consultant adds the app Patchbay has no connector for: a manifest written from the
// API's documentation (core/testing/notebook-api.ts), refused by field path while it is
// wrong, checked (hosts, entities) and installed, then an app made from it, and a flow
// between two servers speaking that API.

const installedIds = async (page: Page) =>
  (await api<{ id: string; origin: string }[]>(page, 'connectors.list'))
    .filter((c) => c.origin === 'installed')
    .map((c) => c.id);

/** The whole dialog in the picture: a modal scrolls inside the window, so the window grows to fit it. */
async function screenshotDialog(page: Page, dialog: Locator, file: string) {
  const height = await dialog.evaluate((element) => element.scrollHeight);
  await page.setViewportSize({ width: 1280, height: Math.max(800, height + 60) });
  await page.screenshot({ path: `${artifacts}${file}` });
  await page.setViewportSize({ width: 1280, height: 800 });
}

let addressBook: NotebookApi;
let mailingList: NotebookApi;
test.beforeEach(async () => {
  [addressBook, mailingList] = await Promise.all([startNotebookApi(), startNotebookApi()]);
  addressBook.put({ id: 'p1', email: 'ada@example.org', name: 'Ada Lovelace' });
  addressBook.put({ id: 'p2', email: 'grace@example.org', name: 'Grace Hopper' });
  addressBook.put({ id: 'p3', email: 'alan@example.org', name: 'Alan Turing' });
});
test.afterEach(() => Promise.all([addressBook.close(), mailingList.close()]));

test('adds a custom connector: a bad manifest refused by field path, the Notebook one checked and installed, an app made from it, and a flow synced through it', async ({
  page,
  served,
}) => {
  // Several axe passes, a manual sync and two apps set up through the UI.
  test.setTimeout(90_000);
  await page.goto(served.url);
  await openView(page, 'Connectors');
  await expect(page.getByRole('heading', { level: 1, name: 'Connectors' })).toBeVisible();
  const installed = page.getByRole('region', { name: 'Installed in this workspace' });
  const builtIn = page.getByRole('region', { name: 'Built into Patchbay' });
  await expect(installed).toContainText('None yet');
  const hubspot = builtIn.getByRole('article', { name: 'HubSpot' });
  await expect(hubspot).toContainText('https://api.hubapi.com');
  await expect(hubspot).toContainText('A bearer token');
  await expect(hubspot.getByRole('button', { name: /Remove/ })).toHaveCount(0);
  await noSeriousA11yIssues(page);

  // A manifest with three mistakes: each shown by its path, and nothing installed.
  const dialog = await openCustomConnectorDialog(page);
  const manifestText = dialog.getByRole('textbox', { name: 'Manifest' });
  await manifestText.fill('Dear Patchbay, please connect my notebook.');
  await dialog.getByRole('button', { name: 'Check' }).click();
  await expect(manifestText).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.locator('#manifest-text-error')).toContainText('This is not JSON');
  await expect(manifestText).toBeFocused();

  const bad = structuredClone(notebookManifest()) as Record<string, unknown> & {
    entities: { people: { list: Record<string, unknown> } };
  };
  bad.id = 'Notebook';
  bad.baseUrl = 'api.notebook.example';
  delete bad.entities.people.list.recordsPath;
  await manifestText.fill(JSON.stringify(bad, null, 2));
  await expect(manifestText).not.toHaveAttribute('aria-invalid');
  await dialog.getByRole('button', { name: 'Check' }).click();
  const summary = dialog.getByRole('alert').filter({ hasText: 'cannot be installed' });
  await expect(summary).toHaveText(
    /This connector cannot be installed: \d+ problems\. Nothing was installed\./,
  );
  await expect(summary).toBeFocused();
  const problems = dialog.getByRole('list', { name: /cannot be installed/ });
  for (const path of ['id', 'baseUrl', 'entities.people.list.recordsPath'])
    await expect(
      problems.getByRole('listitem').filter({ has: page.getByText(path, { exact: true }) }),
    ).toHaveCount(1);
  await expect(dialog.getByRole('button', { name: 'Install connector' })).toHaveCount(0);
  await noSeriousA11yIssues(page);
  await screenshotDialog(page, dialog, 'connectors-add-errors.png');
  expect(await installedIds(page)).toEqual([]);

  // The Notebook manifest: what it would install and where it sends the credential, before saving.
  await manifestText.fill(JSON.stringify(notebookManifest(), null, 2));
  await dialog.getByRole('button', { name: 'Check' }).click();
  const preview = dialog.getByRole('region', { name: /^Notebook \(notebook\), version 1\.0\.0$/ });
  await expect(preview.getByRole('heading', { level: 3 })).toBeFocused();
  await expect(preview.getByRole('status')).toContainText(
    'Nothing is installed until you press Install connector',
  );
  await expect(preview.getByRole('list', { name: 'Hosts it talks to' })).toHaveText(
    'https://api.notebook.example',
  );
  const people = preview.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /People/ }) });
  await expect(people.getByRole('list', { name: 'What Notebook can do with People' })).toHaveText(
    /read\s*get by id\s*look up\s*create\s*update/,
  );
  await expect(people).toContainText('Retried safely');
  await noSeriousA11yIssues(page);
  await screenshotDialog(page, dialog, 'connectors-add-valid.png');
  expect(await installedIds(page)).toEqual([]);

  await dialog.getByRole('button', { name: 'Install connector' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Installed' })).toHaveText(
    'Installed Notebook (notebook) version 1.0.0.',
  );
  const notebook = installed.getByRole('article', { name: 'Notebook' });
  await expect(notebook).toContainText('pasted in');
  await expect(notebook).toContainText('https://api.notebook.example');
  await expect(notebook.getByRole('row', { name: /People/ })).toContainText('look up');
  expect(await installedIds(page)).toEqual(['notebook']);
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}connectors-view.png`, fullPage: true });

  // An app made from it in the app form, its credential saved on its page.
  await openView(page, 'Apps');
  await page.getByRole('button', { name: 'Add app' }).first().click();
  const form = page.getByRole('dialog', { name: 'Add an app' });
  await form.getByRole('radio', { name: 'Notebook', exact: true }).check();
  await form.getByLabel('Address').fill(addressBook.url);
  await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Address book');
  await form.getByRole('button', { name: 'Save app' }).click();
  await expect(form).toBeHidden();
  await page.getByRole('link', { name: 'Address book', exact: true }).click();
  await expect(page.getByRole('article', { name: 'Connection' })).toContainText(
    'Through the Notebook connector',
  );
  await page.getByLabel('API key or token for Address book').fill(notebookToken);
  await page.getByRole('button', { name: 'Save credential' }).click();
  await expect(page.getByRole('article', { name: 'Credential' }).getByRole('status')).toContainText(
    'never shown again',
  );

  // The second app and the flow through the API, as other specs set up what they do not test.
  const apps = await api<{ id: string; name: string }[]>(page, 'apps.list');
  const source = apps.find((a) => a.name === 'Address book')!;
  const target = await api<{ id: string }>(page, 'apps.create', {
    name: 'Mailing list',
    connector: { kind: 'rest', connector: 'notebook', config: { baseUrl: mailingList.url } },
  });
  await api(page, 'secrets.set', { appId: target.id, value: notebookToken });
  await api(page, 'flows.create', {
    name: 'People to the mailing list',
    sourceAppId: source.id,
    sourceEntity: 'people',
    targetAppId: target.id,
    targetEntity: 'people',
    matchKey: 'email',
    mapping: [
      { source: 'email', target: 'email', required: true },
      { source: 'name', target: 'name' },
    ],
  });

  // Made behind the page's back, so the page reads everything again.
  await page.reload();
  await openView(page, 'Flows');
  const flow = page.getByRole('article', { name: 'People to the mailing list', exact: true });
  await flow.getByRole('button', { name: 'Sync now' }).click();
  await expect(flow.getByRole('status')).toHaveText('Sync finished: 3 records written.', { timeout: 30_000 });
  expect([...mailingList.people.values()].map((p) => [p.email, p.name]).sort()).toEqual([
    ['ada@example.org', 'Ada Lovelace'],
    ['alan@example.org', 'Alan Turing'],
    ['grace@example.org', 'Grace Hopper'],
  ]);
  expect(mailingList.requests.every((r) => r.headers.authorization === `Bearer ${notebookToken}`)).toBe(true);

  // Removing it while the two apps use it: the core's refusal, in words, and nothing removed.
  await openView(page, 'Connectors');
  await notebook.getByRole('button', { name: 'Remove Notebook' }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove Notebook?' });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Remove Notebook' }).click();
  await expect(confirm.getByRole('alert')).toHaveText(
    'Notebook is used by Address book, Mailing list. Change or delete those apps first.',
  );
  await noSeriousA11yIssues(page);
  await screenshotDialog(page, confirm, 'connectors-remove-refused.png');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(notebook).toBeVisible();
  expect(await installedIds(page)).toEqual(['notebook']);
});

test('installs a YAML manifest opened from a file, and removes it after confirming when no app uses it', async ({
  page,
  served,
}) => {
  await page.goto(served.url);
  await openView(page, 'Connectors');
  const dialog = await openCustomConnectorDialog(page);
  await dialog.getByLabel('Open a manifest file').setInputFiles({
    name: 'notebook.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(stringify(notebookManifest('1.1'))),
  });
  await expect(dialog.getByRole('textbox', { name: 'Manifest' })).toHaveValue(/^id: notebook$/m);
  await expect(dialog).toContainText('From notebook.yaml');
  await dialog.getByRole('button', { name: 'Check' }).click();
  await expect(dialog.getByRole('heading', { level: 3 })).toHaveText('Notebook (notebook), version 1.1');
  await dialog.getByRole('button', { name: 'Install connector' }).click();
  await expect(dialog).toBeHidden();

  const notebook = page.getByRole('article', { name: 'Notebook' });
  await expect(notebook).toContainText('notebook.yaml');
  await notebook.getByRole('button', { name: 'Remove Notebook' }).click();
  await page
    .getByRole('dialog', { name: 'Remove Notebook?' })
    .getByRole('button', { name: 'Remove Notebook' })
    .click();
  await expect(page.getByRole('status').filter({ hasText: 'Removed' })).toHaveText(
    'Removed Notebook (notebook).',
  );
  await expect(notebook).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Installed in this workspace' })).toContainText('None yet');
  expect(await installedIds(page)).toEqual([]);
});
