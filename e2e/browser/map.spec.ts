import { readFileSync } from 'node:fs';
import { demoFlows } from '../../core/demo/demo-flows.ts';
import { demoApps } from '../../core/demo/seed-demo-workspace.ts';
import { artifacts, seriousA11yIssues, setStripeFaults } from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

test('the map draws the apps and flows by health, syncs a flow from its panel and exports pictures', async ({
  page,
  demo,
}) => {
  // A run, three accessibility scans and two pictures: more than the default 30 s on a slow machine.
  test.setTimeout(90_000);
  await page.goto(demo.url);
  await page.getByRole('link', { name: 'Map' }).click();
  const map = page.getByRole('application', { name: 'Data-flow map' });
  for (const name of demoApps.map((a) => a.name))
    await expect(map.getByRole('group', { name: new RegExp(`^${name}, `) })).toBeVisible();
  // Lines are checked by name and count: a straight line's box has no height, so it never counts as "visible".
  await expect(map.locator('.react-flow__edge')).toHaveCount(demoFlows.length);
  await expect(map.locator('.map-flow-label')).toHaveCount(demoFlows.length);
  const contactsEdge = map.getByRole('group', { name: /^contacts → customers, from HubSpot to Stripe/ });
  await expect(contactsEdge).toHaveAccessibleName(/: Never run$/);
  await expect(map.locator('.map-flow-label', { hasText: 'contacts → customers' })).toContainText(
    'Never run',
  );
  // The apps that sign in through the browser were signed in to by the demo: ready to run.
  await expect(
    map.getByRole('group', { name: /^orders → invoices, from Shopify to Xero: Never run$/ }),
  ).toHaveCount(1);
  await expect(
    map.getByRole('group', { name: /^rows → products, from Google Sheets to Shopify: Never run$/ }),
  ).toHaveCount(1);
  await expect(page.getByText('Never run: set up, but it has not run yet.')).toBeVisible();
  // Flows whose apps Patchbay cannot reach yet are not "paused": they wait for setup.
  await expect(
    page.getByText('Waiting for setup: it cannot run until an app it uses is connected'),
  ).toBeVisible();
  expect(await seriousA11yIssues(page)).toEqual([]);

  // Keyboard: Enter on the focused line opens its details; the panel takes focus.
  await contactsEdge.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('complementary', { name: 'HubSpot contacts to Stripe customers' });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('heading', { level: 2 })).toBeFocused();
  await expect(panel).toContainText('Has not run yet.');
  await expect(panel).toContainText('Every 15 minutes');

  // Sync now: the line moves while the run is in progress, then turns to failing.
  // Holds the simulated Stripe's first write back, so the run stays in progress long enough to see it.
  await setStripeFaults(page, { slow: { next: 1, ms: 2500, writesOnly: true } });
  await panel.getByRole('button', { name: 'Sync now' }).click();
  await expect(panel.getByRole('button', { name: 'Syncing…' })).toBeDisabled();
  await expect(panel.getByRole('status')).toContainText('Syncing now');
  await expect(map.locator('.react-flow__edge.animated')).toHaveCount(1);
  await expect(map.locator('.map-flow-label', { hasText: 'contacts → customers' })).toContainText(
    'Syncing now',
  );
  await page.screenshot({ path: `${artifacts}map-running.png`, fullPage: true });
  await expect(panel.getByRole('status')).toContainText('Finished with problems', { timeout: 20_000 });
  await expect(panel.getByRole('status')).toContainText('1 could not be written');
  await expect(map.locator('.react-flow__edge.animated')).toHaveCount(0);
  await expect(contactsEdge).toHaveAccessibleName(/: Failing$/);
  await expect(panel).toContainText('1 record could not be written.');
  await expect(panel.getByRole('link', { name: 'See the failures' })).toHaveAttribute(
    'href',
    /#\/failures\?flow=/,
  );
  await expect(panel.getByRole('button', { name: 'Sync now' })).toBeEnabled();
  expect(await seriousA11yIssues(page)).toEqual([]);
  await page.screenshot({ path: `${artifacts}map-details.png`, fullPage: true });

  // Escape closes the panel and hands focus back to the line.
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(contactsEdge).toBeFocused();
  await page.screenshot({ path: `${artifacts}map.png`, fullPage: true });

  // A click on an app shows who owns it and the flows touching it.
  await map.getByRole('group', { name: /^Stripe, / }).click();
  const stripe = page.getByRole('complementary', { name: 'Stripe' });
  await expect(stripe).toContainText('Finance (Tom)');
  await expect(stripe).toContainText('Billing');
  await expect(stripe.getByRole('link', { name: 'HubSpot contacts to Stripe customers' })).toBeVisible();
  await expect(stripe).toContainText('Gets customers from HubSpot');
  expect(await seriousA11yIssues(page)).toEqual([]);
  await page.screenshot({ path: `${artifacts}map-details-app.png`, fullPage: true });
  await stripe.getByRole('button', { name: 'Close details' }).click();
  await expect(stripe).toBeHidden();

  // The pictures: a real PNG and an SVG that holds the apps.
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download PNG' }).click(),
  ]);
  expect(png.suggestedFilename()).toMatch(/^data-flow-map-.*\.png$/);
  const pngBytes = readFileSync((await png.path())!);
  expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
  expect(pngBytes.length).toBeGreaterThan(5_000);
  await png.saveAs(`${artifacts}map-export.png`);
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download SVG' }).click(),
  ]);
  expect(svg.suggestedFilename()).toMatch(/^data-flow-map-.*\.svg$/);
  const svgText = readFileSync((await svg.path())!, 'utf8');
  expect(svgText).toMatch(/^<svg/);
  expect(svgText).toContain('Mailchimp');
});

test('an empty workspace says how to put apps on the map', async ({ page, served }) => {
  await page.goto(served.url);
  await page.getByRole('link', { name: 'Map' }).click();
  await expect(page.getByText('No apps on the map yet')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Go to Apps' })).toHaveAttribute('href', '#/apps');
  await expect(page.getByRole('button', { name: 'Download PNG' })).toHaveCount(0);
  expect(await seriousA11yIssues(page)).toEqual([]);
  await page.screenshot({ path: `${artifacts}map-empty.png`, fullPage: true });
});
