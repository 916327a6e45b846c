import { describe, expect, it } from 'vitest';
import { proxyFor, proxySettingsFromEnv } from './proxy-settings.ts';

const via = (url: string, env: Record<string, string>) =>
  proxyFor(new URL(url), proxySettingsFromEnv(env))?.href;

describe('proxy settings from the environment', () => {
  it('takes HTTPS_PROXY for https targets and HTTP_PROXY for http ones, lower-case names first', () => {
    const env = { HTTPS_PROXY: 'http://secure:3128', HTTP_PROXY: 'plain:8080' };
    expect(via('https://api.stripe.com/v1', env)).toBe('http://secure:3128/');
    expect(via('http://example.com/', env)).toBe('http://plain:8080/');
    expect(via('https://api.stripe.com/', { ...env, https_proxy: 'http://lower:1' })).toBe('http://lower:1/');
    expect(via('https://api.stripe.com/', {})).toBeUndefined();
  });

  it('reaches this computer directly by default, as the emulators need', () => {
    const env = { HTTP_PROXY: 'http://proxy:3128', HTTPS_PROXY: 'http://proxy:3128' };
    for (const url of ['http://127.0.0.1:4010/', 'http://localhost:4010/', 'https://[::1]/'])
      expect(via(url, env), url).toBeUndefined();
    // A NO_PROXY that is set replaces the default, even empty.
    expect(via('http://127.0.0.1:4010/', { ...env, NO_PROXY: '' })).toBe('http://proxy:3128/');
  });

  it('skips the proxy for NO_PROXY hosts, their subdomains and ports', () => {
    const env = {
      HTTPS_PROXY: 'http://proxy:3128',
      no_proxy: '.internal.example, crm.acme.test:8443 ,10.0.0.5,[::2]:443',
    };
    expect(via('https://app.internal.example/', env)).toBeUndefined();
    expect(via('https://internal.example/', env)).toBeUndefined();
    expect(via('https://crm.acme.test:8443/', env)).toBeUndefined();
    expect(via('https://crm.acme.test/', env)).toBe('http://proxy:3128/');
    expect(via('https://notinternal.example/', env)).toBe('http://proxy:3128/');
    expect(via('https://10.0.0.5/', env)).toBeUndefined();
    expect(via('https://[::2]/', env)).toBeUndefined();
    expect(
      via('https://api.hubapi.com/', { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: '*' }),
    ).toBeUndefined();
  });

  it('refuses a proxy it cannot speak to, saying so', () => {
    expect(() => via('https://api.stripe.com/', { HTTPS_PROXY: 'socks5://proxy:1080' })).toThrow(
      /http:\/\/ only/,
    );
  });
});
