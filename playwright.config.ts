import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser. The background-networking flags keep
// Chromium from calling out on a machine whose network is closed.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  workers: 2,
  reporter: [['list']],
  // Generous: the suite must pass on a 2-core machine busy with other work, where a
  // sync or a retry that takes a second when idle can take ten. Tests wait for states,
  // so a quick machine never waits this long.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  projects: [
    {
      name: 'browser',
      testMatch: 'browser/**/*.spec.ts',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env.PATCHBAY_CHROMIUM ?? '/usr/bin/chromium',
          args: chromiumArgs,
        },
        viewport: { width: 1280, height: 800 },
        trace: 'retain-on-failure',
      },
    },
    { name: 'electron', testMatch: 'electron/**/*.spec.ts' },
  ],
});
