import { readFileSync } from 'node:fs';

// Read once from package.json so the version has one home.
export const patchbayVersion: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
