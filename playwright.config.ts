import { defineConfig } from '@playwright/test';

// End-to-end tests drive the built renderer in Debian's Chromium against a
// real `serve` host on 127.0.0.1 (see tests/e2e/global-setup.ts). Run with
// the project's Node: node_modules/.bin/node node_modules/.bin/playwright test
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  globalSetup: './tests/e2e/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: 'list',
  use: {
    headless: true,
    screenshot: 'on',
    trace: 'off',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
