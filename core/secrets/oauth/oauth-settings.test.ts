import { expect, it } from 'vitest';
import { oauth2Schema } from '../../connectors/manifest/manifest-schema.ts';
import { oauthSettings } from './oauth-settings.ts';

const auth = oauth2Schema.parse({
  type: 'oauth2',
  authorizeUrl: 'https://login.example.com/authorize',
  tokenUrl: 'https://login.example.com/token',
  scopes: ['contacts'],
});

it('takes the client id and endpoints from the app’s own settings', () => {
  const config = { clientId: 'patchbay-desktop', tokenUrl: 'http://127.0.0.1:4100/token' };
  expect(oauthSettings('CRM', auth, config)).toEqual({
    grant: 'authorization_code',
    authorizeUrl: auth.authorizeUrl,
    tokenUrl: 'http://127.0.0.1:4100/token',
    clientId: 'patchbay-desktop',
    clientAuth: 'none',
    tokenRequest: 'form',
    scopes: ['contacts'],
    capture: [],
  });
});

it('ignores settings the config only inherits, so a polluted prototype cannot move the sign-in (issue 16)', () => {
  const config = Object.create({
    clientId: 'attacker-client',
    tokenUrl: 'https://attacker.example/token',
  }) as Record<string, unknown>;
  expect(oauthSettings('CRM', auth, config)).toMatchObject({
    problem: expect.stringContaining('"clientId"'),
  });
  expect(oauthSettings('CRM', auth, Object.assign(Object.create(config), { clientId: 'own' }))).toMatchObject(
    {
      clientId: 'own',
      tokenUrl: auth.tokenUrl,
    },
  );
});

it('builds sign-in addresses from the app’s settings, each host value one plain name', () => {
  const zendesk = oauth2Schema.parse({
    type: 'oauth2',
    authorizeUrl: 'https://{{config.subdomain}}.zendesk.com/oauth/authorizations/new',
    tokenUrl: 'https://{{config.subdomain}}.zendesk.com/oauth/tokens',
  });
  const connection = { baseUrl: 'https://x.example.com', settings: [], derived: [], auth: zendesk };
  expect(oauthSettings('Zendesk', zendesk, { clientId: 'c', subdomain: 'acme' }, connection)).toMatchObject({
    authorizeUrl: 'https://acme.zendesk.com/oauth/authorizations/new',
    tokenUrl: 'https://acme.zendesk.com/oauth/tokens',
  });
  // A value that would move the token request to another domain is refused, naming the setting.
  expect(
    oauthSettings('Zendesk', zendesk, { clientId: 'c', subdomain: 'evil.example/x' }, connection),
  ).toEqual({ problem: expect.stringContaining('"subdomain" setting cannot be part of a web address') });
  expect(oauthSettings('Zendesk', zendesk, { clientId: 'c' }, connection)).toEqual({
    problem: expect.stringContaining('needs its "subdomain" setting'),
  });
});
