import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogEntryOf, hostsOf } from '../connector-catalog.ts';
import { createNodeHttpClient } from '../http/node-http-client.ts';
import type { HttpRequest } from '../http/http-port.ts';
import { checkAddressValue, hostMatches } from './address-hosts.ts';
import { createManifestConnector } from './manifest-connector.ts';
import { checkManifest, parseManifest } from './manifest-schema.ts';

// A whole server address as a connection value (Pipedrive's `api_domain`): the host
// patterns a manifest declares for it, the checks on the value, and a request that is
// never sent (nor its credential) when the value names another server.

const base = {
  id: 'server-demo',
  name: 'Server demo',
  entities: { items: { list: { path: '/items', recordsPath: '', pagination: { type: 'none' } } } },
};
/** A manifest whose address is the `server` setting, on the given hosts. */
const withServerSetting = (hosts: unknown, extra: Record<string, unknown> = {}) => ({
  ...base,
  baseUrl: '{{config.server}}/api',
  auth: { type: 'bearer' },
  settings: [{ name: 'server', label: 'Server', type: 'url', hosts, ...extra }],
  check: { path: '/me' },
});
/** An OAuth manifest whose address is captured from the token answer. */
const withCapture = (capture: Record<string, unknown>, baseUrl = '{{config.apiDomain}}') => ({
  ...base,
  baseUrl,
  auth: {
    type: 'oauth2',
    authorizeUrl: 'https://oauth.example.com/authorize',
    tokenUrl: 'https://oauth.example.com/token',
    capture: [{ name: 'apiDomain', from: 'token', path: 'api_domain', ...capture }],
  },
});
const pathsOf = (input: unknown) => {
  const result = checkManifest(input);
  return 'issues' in result ? result.issues.map((i) => i.path) : [];
};

describe('host patterns', () => {
  it('a * stands for exactly one label', () => {
    expect(hostMatches('*.pipedrive.com', 'acme.pipedrive.com')).toBe(true);
    expect(hostMatches('*.pipedrive.com', 'pipedrive.com')).toBe(false);
    expect(hostMatches('*.pipedrive.com', 'a.b.pipedrive.com')).toBe(false);
    expect(hostMatches('*.pipedrive.com', 'evilpipedrive.com')).toBe(false);
    expect(hostMatches('*.pipedrive.com', 'acme.pipedrive.com.evil.net')).toBe(false);
    expect(hostMatches('api.example.com', 'api.example.com')).toBe(true);
    expect(hostMatches('api.example.com', 'x.api.example.com')).toBe(false);
  });

  it('takes only a server on a declared host, and says why not with the host it named', () => {
    const pipedrive = ['*.pipedrive.com'];
    const problem = (value: unknown, hosts = pipedrive) => {
      const checked = checkAddressValue(value, hosts);
      return 'problem' in checked ? `${checked.host} ${checked.problem}` : checked.origin;
    };
    expect(problem('https://acme.pipedrive.com')).toBe('https://acme.pipedrive.com');
    expect(problem(' https://ACME.pipedrive.com/ ')).toBe('https://acme.pipedrive.com');
    const outside = 'is not one of the hosts the connector declares (*.pipedrive.com)';
    expect(problem('https://acme.pipedrive.com@evil.net')).toBe('evil.net carries a user name or password');
    expect(problem('https://acme.pipedrive.com.evil.net')).toBe(`acme.pipedrive.com.evil.net ${outside}`);
    expect(problem('https://evil.net\\.pipedrive.com')).toBe(`evil.net ${outside}`);
    expect(problem('https://a.b.pipedrive.com')).toBe(`a.b.pipedrive.com ${outside}`);
    expect(problem('https://acme.pipedrive.com.')).toBe(`acme.pipedrive.com. ${outside}`);
    expect(problem('http://127.0.0.1:8080')).toBe(`127.0.0.1:8080 ${outside}`);
    expect(problem('https://evil.net:1@acme.pipedrive.com')).toBe(
      'acme.pipedrive.com carries a user name or password',
    );
    expect(problem('http://acme.pipedrive.com')).toBe('acme.pipedrive.com is not an https address');
    expect(problem('https://acme.pipedrive.com:8443')).toBe('acme.pipedrive.com:8443 names a port');
    expect(problem('https://acme.pipedrive.com/v1?x=1')).toBe(
      'acme.pipedrive.com is more than a server address (scheme and host only)',
    );
    expect(problem('acme.pipedrive.com')).toBe('acme.pipedrive.com is not a web address');
    expect(problem(42)).toBe(' is not a web address');
    // This PC, when the connector names it: a test's or an emulator's server, on any port.
    expect(problem('http://127.0.0.1:8080', ['127.0.0.1'])).toBe('http://127.0.0.1:8080');
    expect(problem('http://localhost:8080', ['127.0.0.1'])).toBe(
      'localhost:8080 is not one of the hosts the connector declares (127.0.0.1)',
    );
  });
});

describe('the hosts field in a manifest', () => {
  it('accepts a captured or configured server with its hosts, and lists the patterns as the hosts it talks to', () => {
    const captured = parseManifest(
      withCapture({ hosts: ['*.pipedrive.com'] }, '{{config.apiDomain}}/api/v2'),
    );
    expect(hostsOf(catalogEntryOf({ manifest: captured, source: '' }, 'installed'))).toEqual([
      'https://*.pipedrive.com',
      'https://oauth.example.com',
    ]);
    const configured = parseManifest(withServerSetting(['*.example.com', 'api.example.net']));
    expect(hostsOf(catalogEntryOf({ manifest: configured, source: '' }, 'installed'))).toEqual([
      'https://*.example.com',
      'https://api.example.net',
    ]);
  });

  it('refuses bad host patterns, each by its path', () => {
    for (const pattern of [
      'https://*.pipedrive.com',
      '*.com',
      'api.*.com',
      '*pipedrive.com',
      '**.pipedrive.com',
      '*.*.pipedrive.com',
      'pipedrive.com:443',
      'pipedrive.com/api',
      'Acme.pipedrive.com',
      '10.0.0.5',
      '*.0.0.1',
      'com',
      '',
    ])
      expect(pathsOf(withCapture({ hosts: [pattern] })), pattern).toEqual(['auth.capture.0.hosts.0']);
    expect(pathsOf(withCapture({ hosts: [] }))).toEqual(['auth.capture.0.hosts']);
    expect(pathsOf(withServerSetting(['*.example.com', 'ftp://x.example.com']))).toEqual([
      'settings.0.hosts.1',
    ]);
  });

  it('refuses a server value that does not declare its hosts, or is used where it cannot be', () => {
    expect(pathsOf(withCapture({}))).toEqual(['baseUrl']);
    expect(pathsOf(withServerSetting(undefined))).toEqual(['baseUrl']);
    expect(pathsOf(withCapture({ hosts: ['*.example.com'] }, '{{config.apiDomain}}?x=1'))).toEqual([
      'baseUrl',
    ]);
    expect(pathsOf(withCapture({ hosts: ['*.example.com'] }, '{{config.apiDomain}}api'))).toEqual([
      'baseUrl',
    ]);
    expect(pathsOf(withCapture({ hosts: ['*.example.com'] }, '{{config.other}}/api'))).toEqual(['baseUrl']);
    // Only a `url` setting, never the credential, holds a server.
    expect(pathsOf(withServerSetting(['*.example.com'], { type: 'text' }))).toEqual(['settings.0.hosts']);
    expect(pathsOf(withServerSetting(['*.example.com'], { secret: true }))).toContain('settings.0.hosts');
    // The sign-in addresses are the connector's own: never taken from a value.
    const signIn = withCapture({ hosts: ['*.example.com'] });
    expect(pathsOf({ ...signIn, auth: { ...signIn.auth, tokenUrl: '{{config.apiDomain}}/token' } })).toEqual([
      'auth.tokenUrl',
    ]);
  });
});

describe('before every request', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
  });

  /** A local server that answers `{}` and remembers what it was asked, with which credential. */
  async function localServer() {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization ?? ''}`);
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
    servers.push(server);
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    return { seen, port: (server.address() as AddressInfo).port };
  }

  function connectorAt(server: string) {
    const sent: HttpRequest[] = [];
    const http = createNodeHttpClient();
    const connector = createManifestConnector({
      manifest: parseManifest(withServerSetting(['127.0.0.1'])),
      appName: 'Server demo',
      config: { server },
      secret: () => Promise.resolve('tok_secret_value'),
      send: (request, signal) => {
        sent.push(request);
        return http.send(request, signal);
      },
      now: () => new Date(),
    });
    return { connector, sent };
  }

  it('sends to the declared server, and never to another, nor its credential', async () => {
    const app = await localServer();
    const decoy = await localServer();
    await connectorAt(`http://127.0.0.1:${app.port}`).connector.check();
    expect(app.seen).toEqual(['/api/me Bearer tok_secret_value']);

    // The same PC under a name the connector does not declare: refused before sending.
    const { connector, sent } = connectorAt(`http://localhost:${decoy.port}`);
    const error = (await connector.check().catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ errorClass: 'auth', neverSent: true });
    expect(error.message).toContain(`Server ("server": localhost:${decoy.port}) is not one of the hosts`);
    expect(error.message).not.toContain('tok_secret_value');
    expect(sent).toEqual([]);
    expect(decoy.seen).toEqual([]);
  });
});
