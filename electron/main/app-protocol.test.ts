import { describe, expect, it } from 'vitest';
import { contentTypeOf, rendererFileFor } from './app-protocol.ts';
import { updateFeedFromEnv } from './update-check.ts';

const dir = '/opt/Patchbay/resources/app.asar/out/renderer';

describe('rendererFileFor (app:// → a built file)', () => {
  it('serves the page and its assets from the renderer folder', () => {
    expect(rendererFileFor('app://patchbay/index.html', dir)).toBe(`${dir}/index.html`);
    expect(rendererFileFor('app://patchbay/', dir)).toBe(`${dir}/index.html`);
    expect(rendererFileFor('app://patchbay/assets/index-abc.js?v=1#x', dir)).toBe(
      `${dir}/assets/index-abc.js`,
    );
    expect(rendererFileFor('app://patchbay/assets/a%20b.svg', dir)).toBe(`${dir}/assets/a b.svg`);
  });

  it('refuses anything outside it: other hosts, schemes, climbing out, encoded separators', () => {
    for (const url of [
      'app://other/index.html',
      'file:///etc/passwd',
      'https://patchbay/index.html',
      'app://patchbay/..%2Fmain/index.js',
      'app://patchbay/..%5Cmain/index.js',
      'app://patchbay/a%00b',
      'app://patchbay/%E0%A4%A',
      'not a url',
    ])
      expect(rendererFileFor(url, dir), url).toBeUndefined();
    // A plain ../ is resolved by the URL parser at the root: it stays in the folder.
    expect(rendererFileFor('app://patchbay/../main/index.js', dir)).toBe(`${dir}/main/index.js`);
  });

  it('names the content type, never leaving it to sniffing', () => {
    expect(contentTypeOf('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('/x/unknown.bin')).toBe('application/octet-stream');
  });
});

describe('the update check', () => {
  it('is off unless a plain https feed is configured', () => {
    expect(updateFeedFromEnv({})).toEqual({ off: 'no update feed is configured (PATCHBAY_UPDATE_URL)' });
    expect(updateFeedFromEnv({ PATCHBAY_UPDATE_URL: 'https://updates.example.com/patchbay/' })).toEqual({
      provider: 'generic',
      url: 'https://updates.example.com/patchbay/',
    });
    expect(updateFeedFromEnv({ PATCHBAY_UPDATE_URL: 'http://updates.example.com/' })).toHaveProperty('off');
    expect(updateFeedFromEnv({ PATCHBAY_UPDATE_URL: 'https://u:p@updates.example.com/' })).toHaveProperty(
      'off',
    );
    expect(updateFeedFromEnv({ PATCHBAY_UPDATE_URL: 'nonsense' })).toHaveProperty('off');
  });
});
