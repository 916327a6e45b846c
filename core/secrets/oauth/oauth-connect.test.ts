import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../contract/apps.ts';
import { ApiError } from '../../contract/errors.ts';
import { createConnectorCatalog } from '../../connectors/connector-catalog.ts';
import { createNodeHttpClient } from '../../connectors/http/node-http-client.ts';
import { parseManifest } from '../../connectors/manifest/manifest-schema.ts';
import type { OAuthEmulator } from '../../demo/emulators/oauth-emulator.ts';
import { openTestCore, type TestCore } from '../../testing/temp-workspace.ts';
import { createOAuthConnect, type OAuthOutcome } from './oauth-connect.ts';
import {
  account,
  appOnEmulator,
  hasKeyring,
  inventoryApp,
  movableClock,
  oauthPreset,
  oauthTestBed,
  visitInBrowser,
} from '../../testing/oauth-test-kit.ts';
import { parseTokenBundle } from './token-bundle.ts';

// The "Connect <App>" use case behind `oauth.start`: an app from the inventory, its
// OAuth preset, the browser sign-in in the background, and one outcome in words.

const { secrets, startEmulator } = oauthTestBed();
const keyPreset = parseManifest({ ...oauthPreset, id: 'key-demo', auth: { type: 'bearer' } });
const app = inventoryApp;

function connectService(emulator: OAuthEmulator, inventory: App) {
  const outcomes: OAuthOutcome[] = [];
  let notify: () => void = () => undefined;
  const service = createOAuthConnect({
    findApp: (idOrName) => ([inventory.id, inventory.name].includes(idOrName) ? inventory : undefined),
    catalog: createConnectorCatalog({
      builtIn: [oauthPreset, keyPreset].map((manifest) => ({ manifest, source: 'this test' })),
    }),
    secrets,
    workspaceName: 'acme',
    send: createNodeHttpClient().send,
    clock: movableClock(),
    finished: (outcome) => {
      outcomes.push(outcome);
      notify();
    },
  });
  const nextOutcome = () => new Promise<void>((resolve) => (notify = resolve));
  return { service, outcomes, nextOutcome };
}

describe.skipIf(!hasKeyring)('connecting an app from the inventory', () => {
  it('opens the consent page, finishes in the background and says so once', async () => {
    const emulator = await startEmulator();
    const { service, outcomes, nextOutcome } = connectService(emulator, appOnEmulator(emulator));
    const { authorizeUrl } = await service.start('Xero Demo');
    expect(authorizeUrl.startsWith(`${emulator.authorizeUrl}?`)).toBe(true);

    const finished = nextOutcome();
    const visit = await visitInBrowser(authorizeUrl);
    await finished;
    expect(visit.page).toContain('Patchbay is connected to Xero Demo. You can close this tab.');
    expect(outcomes).toEqual([
      { appId: 'xero-demo', ok: true, message: 'Patchbay is connected to Xero Demo.' },
    ]);
    const bundle = parseTokenBundle((await secrets.get(account))!, 'Xero Demo');
    expect(bundle.scope).toBe('contacts.read offline_access');
    await service.stop();
  });

  it('replaces an unfinished attempt with a newer one, reporting only the newer', async () => {
    const emulator = await startEmulator();
    const { service, outcomes, nextOutcome } = connectService(emulator, appOnEmulator(emulator));
    const first = await service.start('xero-demo');
    const second = await service.start('xero-demo');
    // The first attempt's listener is gone: its redirect reaches nobody.
    await expect(visitInBrowser(first.authorizeUrl)).rejects.toThrow();
    emulator.denyNextConsent();

    const finished = nextOutcome();
    await visitInBrowser(second.authorizeUrl);
    await finished;
    expect(outcomes).toEqual([
      {
        appId: 'xero-demo',
        ok: false,
        message:
          'You did not allow Patchbay to use Xero Demo, so nothing was connected. To connect Xero Demo, start again and choose to allow access.',
      },
    ]);
  });

  it('refuses apps that cannot sign in through the browser, in words', async () => {
    const emulator = await startEmulator();
    const refusal = async (inventory: App, idOrName = 'xero-demo') => {
      const error = await connectService(emulator, inventory)
        .service.start(idOrName)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      return (error as ApiError).message;
    };
    expect(await refusal(app('key-demo', {}))).toBe(
      "Xero Demo's connector does not sign in through the browser: save its key under Apps → Xero Demo → Credentials.",
    );
    expect(await refusal(app('oauth-demo', {}))).toContain('its connection settings need a "clientId"');
    expect(await refusal(app('oauth-demo', {}), 'Sage')).toBe(
      'There is no app called "Sage" in the inventory.',
    );
    expect(emulator.stats.requests).toBe(0);
  });
});

describe('the oauth.start API method', () => {
  let t: TestCore | undefined;
  afterEach(() => t?.dispose());

  it('answers a plain refusal for an app whose connector uses a key', async () => {
    t = openTestCore();
    const created = await t.core.invoke('apps.create', {
      name: 'Stripe',
      connector: { preset: 'stripe', config: {} },
    });
    expect(created.ok).toBe(true);
    const id = (created as { value: { id: string } }).value.id;
    expect(await t.core.invoke('oauth.start', { appId: id })).toEqual({
      ok: false,
      error: {
        kind: 'invalid_input',
        field: 'appId',
        message:
          "Stripe's connector does not sign in through the browser: save its key under Apps → Stripe → Credentials.",
      },
    });
    expect(await t.core.invoke('oauth.start', {})).toMatchObject({
      ok: false,
      error: { kind: 'invalid_input' },
    });
  });
});
