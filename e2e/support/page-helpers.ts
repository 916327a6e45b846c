import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import { demoCredentials } from '../../core/demo/demo-apps.ts';

/** Where the e2e suite saves the screenshots of every view. */
export const artifacts = new URL('../artifacts/', import.meta.url).pathname;

/** Calls the Patchbay API the page is served by, as the renderer does, and unwraps the answer. */
export async function api<T>(page: Page, method: string, input: unknown = {}): Promise<T> {
  const origin = new URL(page.url()).origin;
  const response = await page.request.post(`${origin}/api/${method}`, {
    data: input,
    headers: { 'X-Patchbay-Request': '1' },
    // A manual sync answers when the run ends, which can take a while under load.
    timeout: 60_000,
  });
  const body = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.value;
}

/** Serious or critical accessibility problems on the page as it is now (none expected). */
export async function seriousA11yIssues(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => ['serious', 'critical'].includes(v.impact ?? ''));
}

export async function noSeriousA11yIssues(page: Page) {
  expect(await seriousA11yIssues(page)).toEqual([]);
}

/** The base URL of a demo app's emulator, read from its connector settings. */
export async function appBaseUrl(page: Page, appName: string): Promise<string> {
  const apps = await api<{ name: string; connector: { config: Record<string, string> } | null }[]>(
    page,
    'apps.list',
  );
  const baseUrl = apps.find((a) => a.name === appName)?.connector?.config.baseUrl;
  expect(baseUrl, `the ${appName} app has a base URL`).toBeTruthy();
  return baseUrl!;
}

/** The simulated HubSpot's own REST API, as someone fixing a record there would use it. */
export async function hubspot(
  page: Page,
  method: 'POST' | 'PATCH' | 'DELETE',
  path: string,
  properties: object = {},
) {
  const response = await page.request.fetch(
    `${await appBaseUrl(page, 'HubSpot')}/crm/v3/objects/contacts${path}`,
    { method, data: { properties }, headers: { Authorization: `Bearer ${demoCredentials.hubspot}` } },
  );
  expect(response.ok(), `HubSpot answered ${response.status()}`).toBe(true);
}

/** Sets the simulated Stripe's faults (slow answers, errors); `{}` clears them. */
export async function setStripeFaults(page: Page, faults: object) {
  const response = await page.request.post(`${await appBaseUrl(page, 'Stripe')}/__control/faults`, {
    data: faults,
  });
  expect(response.status()).toBe(204);
}

/** The demo's standard flow (HubSpot contacts to Stripe customers), by its name. */
export async function demoFlow(page: Page) {
  const flows = await api<FlowInList[]>(page, 'flows.list');
  const flow = flows.find((f) => f.name === 'HubSpot contacts to Stripe customers');
  expect(flow, 'the demo flow exists').toBeTruthy();
  return flow!;
}

interface FlowInList {
  id: string;
  name: string;
  mapping: object[];
  [key: string]: unknown;
}

/** Runs the demo flow now, as "Sync now" does, and answers the run's result. */
export async function runDemoFlow(page: Page) {
  return api<{ status: string; counts: { failed: number } }>(page, 'flows.run', {
    id: (await demoFlow(page)).id,
  });
}

/** Opens a view from the main navigation. */
/**
 * Opens a view from the sidebar and waits until it is drawn. A view's code loads on
 * demand, and until it has the previous view stays on screen: a test that goes on at
 * once can click a link of the view it is leaving (the dashboard's "Create a flow"
 * leads to the flows list, not to the editor). Each view names the window after itself.
 */
export async function openView(page: Page, label: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
  await expect(page).toHaveTitle(`${label} · Patchbay`);
}

/** Opens "Add a custom connector" (from the Connectors view, where its button is) and answers its dialog. */
export async function openCustomConnectorDialog(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Add a custom connector' }).click();
  return page.getByRole('dialog', { name: 'Add a custom connector' });
}

/** The whole dialog in the picture: a modal scrolls inside the window, so the window grows to fit it. */
export async function screenshotDialog(page: Page, dialog: Locator, file: string) {
  const height = await dialog.evaluate((element) => element.scrollHeight);
  await page.setViewportSize({ width: 1280, height: Math.max(800, height + 60) });
  await page.screenshot({ path: `${artifacts}${file}` });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/**
 * An app on paper only (in the inventory, no connector yet) and a flow planned to it:
 * the flow waits for setup. The demo's own apps are all connected, so tests of that
 * state make one: QuickBooks, the office's next accounting package.
 */
export async function planFlowOnPaper(page: Page): Promise<{ appName: string; flowName: string }> {
  const apps = await api<{ id: string; name: string }[]>(page, 'apps.list');
  const books = await api<{ id: string }>(page, 'apps.create', {
    name: 'QuickBooks',
    category: 'accounting',
    entities: [{ name: 'Invoices', systemOfRecord: false }],
  });
  const flowName = 'Shop orders to QuickBooks';
  await api(page, 'flows.create', {
    name: flowName,
    sourceAppId: apps.find((a) => a.name === 'Shopify')!.id,
    sourceEntity: 'orders',
    targetAppId: books.id,
    targetEntity: 'Invoices',
    matchKey: 'DocNumber',
    mapping: [{ target: 'DocNumber', source: 'order_number' }],
    enabled: false,
  });
  return { appName: 'QuickBooks', flowName };
}

/**
 * Asks a simulated app's own API, as someone checking it in that app would; again while
 * it answers 429 (the sync just spent its request budget).
 */
export async function askApp(page: Page, url: string, headers: Record<string, string>) {
  let body: Record<string, unknown> = {};
  await expect(async () => {
    const response = await page.request.get(url, { headers });
    expect(response.status(), `${url} answered ${response.status()}`).toBe(200);
    body = (await response.json()) as Record<string, unknown>;
  }).toPass();
  return body;
}
