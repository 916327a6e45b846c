import { expect, it } from 'vitest';
import { oauthSettings, type OAuth2Auth } from './oauth-settings.ts';

const auth: OAuth2Auth = {
  type: 'oauth2',
  authorizeUrl: 'https://login.example.com/authorize',
  tokenUrl: 'https://login.example.com/token',
  scopes: ['contacts'],
};

it('takes the client id and endpoints from the app’s own settings', () => {
  const config = { clientId: 'patchbay-desktop', tokenUrl: 'http://127.0.0.1:4100/token' };
  expect(oauthSettings('CRM', auth, config)).toEqual({
    authorizeUrl: auth.authorizeUrl,
    tokenUrl: 'http://127.0.0.1:4100/token',
    clientId: 'patchbay-desktop',
    scopes: ['contacts'],
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
